package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.schemas.silver.SilverTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.junit.jupiter.api.Test;

class HistoryDedupeTest {
    @Test
    void readsTheVersionOfABinaryRowAsItTravelsBetweenTasks() {
        SilverRowConverter converter = new SilverRowConverter(SilverTables.OPPORTUNITY_HISTORY);
        RowType type = converter.rowType();
        int at = SilverTables.OPPORTUNITY_HISTORY.columnIndex("last_modified_date");
        int precision = LogicalTypeChecks.getPrecision(type.getTypeAt(at));
        assertThat(precision).isEqualTo(6);
        RowDataSerializer serializer = new RowDataSerializer(type);

        List<Long> versions = new ArrayList<>();
        for (String ts : new String[] {"2026-01-01T00:00:00.123Z", "2026-03-04T05:06:07.890Z"}) {
            GenericRowData row = new GenericRowData(type.getFieldCount());
            row.setField(
                    SilverTables.OPPORTUNITY_HISTORY.columnIndex("id"),
                    StringData.fromString("O1"));
            row.setField(at, TimestampData.fromInstant(Instant.parse(ts)));
            // After a keyBy, rows arrive as binary rows: the precision decides how to read them.
            RowData binary = serializer.toBinaryRow(row);
            versions.add(HistoryDedupe.version(binary, at, precision));
            // What reading it as a millisecond timestamp gave: not the version at all.
            assertThat(HistoryDedupe.version(binary, at, 3))
                    .isNotEqualTo(Instant.parse(ts).toEpochMilli());
        }
        assertThat(versions)
                .containsExactly(
                        Instant.parse("2026-01-01T00:00:00.123Z").toEpochMilli(),
                        Instant.parse("2026-03-04T05:06:07.890Z").toEpochMilli());
    }
}
