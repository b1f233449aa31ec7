package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.events.OutboundEvent;
import dev.pcw.jobs.events.ChangeDetectOperator;
import dev.pcw.jobs.events.ChangeInput;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Newer wins over older, whatever arrives last: in hybrid and streaming modes a scheduled pass can
 * emit a batch of details seconds after fetching them, while an event-driven fetch lands a newer
 * version first. The silver current tables (an upsert: the last row wins) used to take the older
 * version, and the change detector announced a change backwards for records versioned by their
 * content (an invitation ACCEPTED, then PENDING again).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NewerWinsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(1);
        return env;
    }

    private static SilverRow opportunity(String id, String modified) {
        return SilverRow.builder(SilverTables.OPPORTUNITIES)
                .set("catalog", "AWS")
                .set("id", id)
                .set("last_modified_date", Instant.parse(modified))
                .set("fetched_at", Instant.parse("2026-11-30T10:00:00Z"))
                .build();
    }

    private static SilverRow invitation(String status, String fetched) {
        return SilverRow.builder(SilverTables.ENGAGEMENT_INVITATIONS)
                .set("catalog", "AWS")
                .set("id", "engi-0000001a2b3c4d")
                .set("status", status)
                .set("fetched_at", Instant.parse(fetched))
                .build();
    }

    @Test
    void anOlderVersionArrivingLastDoesNotReachTheCurrentTable() throws Exception {
        SilverTable t = SilverTables.OPPORTUNITIES;
        SilverRowConverter converter = new SilverRowConverter(t);
        List<RowData> in = new ArrayList<>();
        // The event path's newer version first, then the scheduled pass's older one.
        in.add(converter.convert(opportunity("O1", "2026-11-30T09:00:00Z")));
        in.add(converter.convert(opportunity("O1", "2026-11-30T08:00:00Z")));
        in.add(converter.convert(opportunity("O2", "2026-11-30T07:00:00Z")));
        in.add(converter.convert(opportunity("O1", "2026-11-30T09:00:00Z")));
        in.add(converter.convert(opportunity("O1", "2026-11-30T09:30:00Z")));
        int at = t.columnIndex("last_modified_date");
        int catalogAt = t.columnIndex("catalog");
        int idAt = t.columnIndex("id");
        KeySelector<RowData, String> key =
                r ->
                        HistoryDedupe.key(
                                r.getString(catalogAt).toString(), r.getString(idAt).toString());
        List<String> out = new ArrayList<>();
        try (var it =
                env().fromData(in, InternalTypeInfo.of(converter.rowType()))
                        .keyBy(key)
                        .process(
                                new VersionGuard(
                                        at, IngestJob.timestampPrecision(t, "last_modified_date")))
                        .returns(InternalTypeInfo.of(converter.rowType()))
                        .executeAndCollect("version-guard")) {
            it.forEachRemaining(
                    r ->
                            out.add(
                                    r.getString(idAt)
                                            + "@"
                                            + HistoryDedupe.version(
                                                    r,
                                                    at,
                                                    IngestJob.timestampPrecision(
                                                            t, "last_modified_date"))));
        }
        long v9 = Instant.parse("2026-11-30T09:00:00Z").toEpochMilli();
        assertThat(out)
                .containsExactly(
                        "O1@" + v9,
                        "O2@" + Instant.parse("2026-11-30T07:00:00Z").toEpochMilli(),
                        // The same version again passes (an upsert of the same row is harmless).
                        "O1@" + v9,
                        "O1@" + Instant.parse("2026-11-30T09:30:00Z").toEpochMilli());
    }

    @Test
    void anInvitationFetchedEarlierArrivingLastAnnouncesNoChangeBackwards() throws Exception {
        List<ChangeInput> in =
                List.of(
                        // The event path fetched it ACCEPTED; the scheduled pass, earlier, PENDING.
                        ChangeInput.of(invitation("ACCEPTED", "2026-11-30T10:00:05Z")),
                        ChangeInput.of(invitation("PENDING", "2026-11-30T10:00:01Z")),
                        // Later, a real change.
                        ChangeInput.of(invitation("REJECTED", "2026-11-30T11:00:00Z")));
        List<String> types = new ArrayList<>();
        try (var it =
                env().fromData(in, TypeInformation.of(ChangeInput.class))
                        .keyBy((KeySelector<ChangeInput, String>) c -> c.key)
                        .transform(
                                "change detect",
                                TypeInformation.of(OutboundEvent.class),
                                new ChangeDetectOperator(Map.of()))
                        .executeAndCollect("detector")) {
            it.forEachRemaining(e -> types.add(e.type()));
        }
        assertThat(types)
                .containsExactly(
                        "pcw.partnercentral.engagement_invitation.created",
                        "pcw.partnercentral.engagement_invitation.updated",
                        "pcw.partnercentral.engagement_invitation.status_changed");
    }
}
