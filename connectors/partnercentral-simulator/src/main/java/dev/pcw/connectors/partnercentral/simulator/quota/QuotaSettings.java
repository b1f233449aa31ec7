package dev.pcw.connectors.partnercentral.simulator.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.simulator.data.Json;

/**
 * The API request quotas the simulator enforces per account and catalog. Defaults are Partner
 * Central's: reads 10/s and 100,000 per rolling 24 h, writes 1/s and 10,000 per 24 h. A value of 0
 * lifts that limit.
 */
public final class QuotaSettings {
    public static final QuotaSettings AWS_DEFAULTS = new QuotaSettings(10, 100_000, 1, 10_000);
    public static final QuotaSettings UNLIMITED = new QuotaSettings(0, 0, 0, 0);

    private final double readRate;
    private final long readDaily;
    private final double writeRate;
    private final long writeDaily;

    public QuotaSettings(double readRate, long readDaily, double writeRate, long writeDaily) {
        if (readRate < 0 || readDaily < 0 || writeRate < 0 || writeDaily < 0) {
            throw new IllegalArgumentException("quotas must be 0 (unlimited) or positive");
        }
        this.readRate = readRate;
        this.readDaily = readDaily;
        this.writeRate = writeRate;
        this.writeDaily = writeDaily;
    }

    public double readRate() {
        return readRate;
    }

    public long readDaily() {
        return readDaily;
    }

    public double writeRate() {
        return writeRate;
    }

    public long writeDaily() {
        return writeDaily;
    }

    /** These settings with the members present in {@code patch} replaced. */
    public QuotaSettings merge(JsonNode patch) {
        return new QuotaSettings(
                patch.path("readRate").asDouble(readRate),
                patch.path("readDaily").asLong(readDaily),
                patch.path("writeRate").asDouble(writeRate),
                patch.path("writeDaily").asLong(writeDaily));
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("readRate", readRate);
        n.put("readDaily", readDaily);
        n.put("writeRate", writeRate);
        n.put("writeDaily", writeDaily);
        return n;
    }

    @Override
    public String toString() {
        return "reads "
                + (readRate == 0 ? "unlimited" : fmt(readRate) + "/s")
                + ", "
                + (readDaily == 0 ? "unlimited" : readDaily + "/24h")
                + "; writes "
                + (writeRate == 0 ? "unlimited" : fmt(writeRate) + "/s")
                + ", "
                + (writeDaily == 0 ? "unlimited" : writeDaily + "/24h");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
