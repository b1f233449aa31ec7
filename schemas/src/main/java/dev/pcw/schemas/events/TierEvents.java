package dev.pcw.schemas.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.tiers.PartnerKey;
import dev.pcw.schemas.tiers.PartnerTier;
import dev.pcw.schemas.tiers.TierVersion;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.time.ZoneOffset;

/**
 * The {@code pcw.partners.tier.added|updated} CloudEvents: one per partner an apply added or
 * updated. {@code source} is {@value #SOURCE}, {@code subject} is {@code oem/name}, {@code time}
 * the apply's time, and the {@code id} derives from the partner's identity and the apply's id, so
 * announcing an apply twice gives the same events.
 */
public final class TierEvents {
    /** The {@code source} of every tier event. */
    public static final String SOURCE = "/pcw/connectors/partner_tiers";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TierEvents() {}

    /** The event type of {@code change}. */
    public static String type(TierVersion.Change change) {
        return change == TierVersion.Change.ADDED
                ? EventTypes.PARTNER_TIER_ADDED
                : EventTypes.PARTNER_TIER_UPDATED;
    }

    /** The CloudEvent announcing {@code version}. */
    public static CloudEvent toCloudEvent(TierVersion version) {
        PartnerTier t = version.tier();
        String type = type(version.change());
        ObjectNode data = MAPPER.createObjectNode();
        data.put("oem", t.oem());
        data.put("name", t.name());
        data.put("tier", t.tier());
        data.put("program", t.program());
        data.put("poc", t.poc());
        data.put("notes", t.notes());
        data.put("created_at", t.createdAt().toString());
        data.put("updated_at", t.updatedAt().toString());
        data.put("source_file", version.sourceFile());
        data.put("apply_id", version.applyId());
        if (version.change() == TierVersion.Change.UPDATED) {
            ArrayNode fields = data.putArray("changed_fields");
            ObjectNode changes = data.putObject("changes");
            PartnerTier p = version.previous();
            for (String f : version.changedFields()) {
                fields.add(f);
                ObjectNode c = changes.putObject(f);
                c.put("old", p.field(f));
                c.put("new", t.field(f));
            }
        }
        PartnerKey key = t.key();
        try {
            return CloudEventBuilder.v1()
                    .withId(
                            Canonical.deterministicId(
                                    type,
                                    "partner_tiers",
                                    key.oem(),
                                    key.name(),
                                    version.applyId()))
                    .withSource(URI.create(SOURCE))
                    .withType(type)
                    .withSubject(t.oem() + "/" + t.name())
                    .withTime(version.appliedAt().atOffset(ZoneOffset.UTC))
                    .withDataContentType(ChangeEvents.DATA_CONTENT_TYPE)
                    .withDataSchema(EventSchemas.dataSchemaFor(type))
                    .withData(MAPPER.writeValueAsBytes(data))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write event data as JSON", e);
        }
    }
}
