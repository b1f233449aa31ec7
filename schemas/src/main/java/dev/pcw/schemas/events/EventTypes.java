package dev.pcw.schemas.events;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The CloudEvents {@code type} values pcw emits, one constant per change or run event. */
public final class EventTypes {
    public static final String OPPORTUNITY_CREATED = "pcw.partnercentral.opportunity.created";
    public static final String OPPORTUNITY_UPDATED = "pcw.partnercentral.opportunity.updated";
    public static final String OPPORTUNITY_STAGE_CHANGED =
            "pcw.partnercentral.opportunity.stage_changed";
    public static final String OPPORTUNITY_REVIEW_STATUS_CHANGED =
            "pcw.partnercentral.opportunity.review_status_changed";

    public static final String SOLUTION_CREATED = "pcw.partnercentral.solution.created";
    public static final String SOLUTION_UPDATED = "pcw.partnercentral.solution.updated";
    public static final String SOLUTION_STATUS_CHANGED =
            "pcw.partnercentral.solution.status_changed";

    public static final String ENGAGEMENT_INVITATION_CREATED =
            "pcw.partnercentral.engagement_invitation.created";
    public static final String ENGAGEMENT_INVITATION_UPDATED =
            "pcw.partnercentral.engagement_invitation.updated";
    public static final String ENGAGEMENT_INVITATION_STATUS_CHANGED =
            "pcw.partnercentral.engagement_invitation.status_changed";

    public static final String PARTNER_TIER_ADDED = "pcw.partners.tier.added";
    public static final String PARTNER_TIER_UPDATED = "pcw.partners.tier.updated";

    public static final String CONNECTOR_RUN_COMPLETED = "pcw.connector.run.completed";

    /** Every type above, each with a JSON Schema under {@code events/} on the classpath. */
    public static final List<String> ALL =
            Collections.unmodifiableList(
                    Arrays.asList(
                            OPPORTUNITY_CREATED,
                            OPPORTUNITY_UPDATED,
                            OPPORTUNITY_STAGE_CHANGED,
                            OPPORTUNITY_REVIEW_STATUS_CHANGED,
                            SOLUTION_CREATED,
                            SOLUTION_UPDATED,
                            SOLUTION_STATUS_CHANGED,
                            ENGAGEMENT_INVITATION_CREATED,
                            ENGAGEMENT_INVITATION_UPDATED,
                            ENGAGEMENT_INVITATION_STATUS_CHANGED,
                            PARTNER_TIER_ADDED,
                            PARTNER_TIER_UPDATED,
                            CONNECTOR_RUN_COMPLETED));

    private EventTypes() {}
}
