package dev.pcw.connectors.partnercentral.source;

import dev.pcw.connectors.partnercentral.source.enumerator.SyncEnumerator;
import dev.pcw.connectors.partnercentral.source.enumerator.SyncEnumeratorState;
import dev.pcw.connectors.partnercentral.source.enumerator.SyncEnumeratorStateSerializer;
import dev.pcw.connectors.partnercentral.source.reader.SyncSourceReader;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import dev.pcw.connectors.partnercentral.source.split.SyncSplitSerializer;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.partnercentral.Catalog;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Reads Partner Central into {@link BronzeRecord}s: one split per (catalog, entity), each a
 * resumable sync cursor; incremental for opportunities (LastModifiedDate watermark), full listings
 * for the rest. Bounded (one pass, then finish) or unbounded (a pass on every tick of the schedule)
 * from the same code.
 *
 * <pre>{@code
 * PartnerCentralSource source = new PartnerCentralSource(
 *         SourceSettings.builder()
 *                 .client(PartnerCentralClientConfig.builder().build())  // AWS, default chain
 *                 .catalogs(List.of(Catalog.AWS))
 *                 .entities(List.of(PartnerCentralEntity.values()))
 *                 .bounded(false)
 *                 .scheduleCron("0 *&#47;6 * * *")
 *                 .build(),
 *         RunListener.NONE);
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "partner-central")
 *         .uid("partner-central-source");
 * }</pre>
 */
public final class PartnerCentralSource
        implements Source<BronzeRecord, SyncSplit, SyncEnumeratorState>,
                ResultTypeQueryable<BronzeRecord> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(PartnerCentralSource.class);

    private final SourceSettings settings;
    private final RunListener listener;

    public PartnerCentralSource(SourceSettings settings, RunListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    public SourceSettings settings() {
        return settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<SyncSplit, SyncEnumeratorState> createEnumerator(
            SplitEnumeratorContext<SyncSplit> context) {
        List<SyncSplit> splits = configuredSplits();
        java.util.Set<String> ids = new java.util.TreeSet<>();
        splits.forEach(s -> ids.add(s.splitId()));
        return new SyncEnumerator(
                context, settings.bounded(), new SyncEnumeratorState(splits, true, ids));
    }

    /** Every configured (catalog, entity) split, as a new job starts it. */
    private List<SyncSplit> configuredSplits() {
        List<SyncSplit> splits = new ArrayList<>();
        for (Catalog c : settings.catalogs()) {
            for (PartnerCentralEntity e : settings.entities()) {
                RunListener.Resume r = settings.resume().get(SyncSplit.splitId(c.wireName(), e));
                SyncCursor cursor = SyncCursor.INITIAL;
                if (r != null && r.watermark != null) {
                    cursor =
                            cursor.toBuilder()
                                    .watermark(r.watermark)
                                    .idsAtWatermark(r.idsAtWatermark)
                                    .fetchedAhead(r.fetchedAhead)
                                    .build();
                }
                if (r != null && r.fingerprints != null) {
                    // Records listed with the fingerprint the last run saw are not fetched again.
                    cursor = cursor.toBuilder().known(r.fingerprints).build();
                }
                splits.add(new SyncSplit(c.wireName(), e, cursor));
            }
        }
        return splits;
    }

    @Override
    public SplitEnumerator<SyncSplit, SyncEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<SyncSplit> context, SyncEnumeratorState checkpoint) {
        // The configuration may have changed since the checkpoint (an upgrade from a savepoint).
        List<String> notes = new ArrayList<>();
        SyncEnumeratorState state =
                SyncEnumerator.reconcile(checkpoint, configuredSplits(), settings.bounded(), notes);
        for (String note : notes) {
            LOG.warn("Partner Central source: {}", note);
        }
        return new SyncEnumerator(context, settings.bounded(), state);
    }

    @Override
    public SimpleVersionedSerializer<SyncSplit> getSplitSerializer() {
        return SyncSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<SyncEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new SyncEnumeratorStateSerializer();
    }

    @Override
    public SourceReader<BronzeRecord, SyncSplit> createReader(SourceReaderContext context) {
        return SyncSourceReader.create(settings, listener, context, System::currentTimeMillis);
    }

    @Override
    public TypeInformation<BronzeRecord> getProducedType() {
        return TypeInformation.of(BronzeRecord.class);
    }
}
