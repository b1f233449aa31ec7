package dev.pcw.connectors.partnercentral.client.write;

import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.partnercentralselling.model.AssociateOpportunityRequest;
import software.amazon.awssdk.services.partnercentralselling.model.CreateOpportunityRequest;
import software.amazon.awssdk.services.partnercentralselling.model.PartnerCentralSellingRequest;
import software.amazon.awssdk.services.partnercentralselling.model.StartEngagementFromOpportunityTaskRequest;
import software.amazon.awssdk.services.partnercentralselling.model.SubmitOpportunityRequest;
import software.amazon.awssdk.services.partnercentralselling.model.UpdateOpportunityRequest;

/**
 * The writes to Partner Central that pcw performs on request: each names its {@code write_actions}
 * key, the Selling API operation it calls and that operation's request, whose JSON body (as the API
 * and AWS's samples write it) is what a requester sends.
 */
public enum WriteAction {
    CREATE_OPPORTUNITY(
            "create_opportunity", "CreateOpportunity", CreateOpportunityRequest.class, null, true),
    UPDATE_OPPORTUNITY(
            "update_opportunity",
            "UpdateOpportunity",
            UpdateOpportunityRequest.class,
            "Identifier",
            false),
    SUBMIT_OPPORTUNITY(
            "submit_opportunity",
            "SubmitOpportunity",
            SubmitOpportunityRequest.class,
            "Identifier",
            false),
    ASSOCIATE_OPPORTUNITY(
            "associate_opportunity",
            "AssociateOpportunity",
            AssociateOpportunityRequest.class,
            "OpportunityIdentifier",
            false),
    START_ENGAGEMENT(
            "start_engagement",
            "StartEngagementFromOpportunityTask",
            StartEngagementFromOpportunityTaskRequest.class,
            "Identifier",
            true);

    private final String key;
    private final String operation;
    private final Class<? extends PartnerCentralSellingRequest> request;
    private final String opportunityMember;
    private final boolean clientToken;

    WriteAction(
            String key,
            String operation,
            Class<? extends PartnerCentralSellingRequest> request,
            String opportunityMember,
            boolean clientToken) {
        this.key = key;
        this.operation = operation;
        this.request = request;
        this.opportunityMember = opportunityMember;
        this.clientToken = clientToken;
    }

    /**
     * The name in {@code write_actions} and in the sidecar's API, e.g. {@code create_opportunity}.
     */
    public String key() {
        return key;
    }

    /** The Selling API operation, e.g. {@code CreateOpportunity}. */
    public String operation() {
        return operation;
    }

    /** The SDK request class whose members the body holds. */
    public Class<? extends PartnerCentralSellingRequest> requestClass() {
        return request;
    }

    /**
     * The request member naming the existing opportunity the action is about, or null for a create.
     */
    public String opportunityMember() {
        return opportunityMember;
    }

    /** Whether the operation takes a {@code ClientToken} (which pcw supplies). */
    public boolean takesClientToken() {
        return clientToken;
    }

    /** The action with this key. */
    public static Optional<WriteAction> of(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (WriteAction a : values()) {
            if (a.key.equals(k)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
