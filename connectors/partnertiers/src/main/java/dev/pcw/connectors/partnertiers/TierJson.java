package dev.pcw.connectors.partnertiers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.tiers.PartnerTier;
import dev.pcw.schemas.tiers.TierDiff;

/** The seed's JSON shapes of partner tiers, shared by the sidecar's API and {@code pcw tiers}. */
public final class TierJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TierJson() {}

    /** {@code {name, tier, program, oem, poc, notes, updated_at, created_at}}. */
    public static ObjectNode record(PartnerTier t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", t.name());
        n.put("tier", t.tier());
        n.put("program", t.program());
        n.put("oem", t.oem());
        n.put("poc", t.poc());
        n.put("notes", t.notes());
        n.put("updated_at", t.updatedAt().toString());
        n.put("created_at", t.createdAt().toString());
        return n;
    }

    /**
     * {@code {dry_run, added, updated, unchanged, applied}}, with {@code apply_id} when applied and
     * the reader's {@code warnings}.
     */
    public static ObjectNode syncResult(TierSync.Outcome outcome, boolean dryRun) {
        TierDiff diff = outcome.diff();
        ObjectNode out = JSON.createObjectNode();
        out.put("dry_run", dryRun);
        ArrayNode added = out.putArray("added");
        diff.added().forEach(c -> added.add(record(c.tier())));
        ArrayNode updated = out.putArray("updated");
        diff.updated().forEach(c -> updated.add(record(c.tier())));
        ArrayNode unchanged = out.putArray("unchanged");
        diff.unchanged().forEach(t -> unchanged.add(record(t)));
        out.put("applied", outcome.result().applied());
        if (outcome.result().applied()) {
            out.put("apply_id", outcome.result().applyId());
        }
        ArrayNode warnings = out.putArray("warnings");
        outcome.warnings().forEach(warnings::add);
        return out;
    }
}
