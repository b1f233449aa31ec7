package dev.pcw.connectors.partnercentral.source.reader;

import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.source.SourceSettings;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import dev.pcw.connectors.partnercentral.source.split.SyncSplitSerializer;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures one full pass of the source's sync logic over one entity, as a subtask's fetcher runs it
 * (one detail call at a time, a cursor per record kept as the split's state): CPU time and bytes
 * allocated on the measuring thread (so a simulator serving on other threads of the same JVM does
 * not count), the heap's peak above where it started, what stays reachable afterwards, and the size
 * of the split's checkpointed state. For {@code pcw bench fingerprints}.
 */
public final class PassBenchmark {
    private PassBenchmark() {}

    /** The figures of one pass. */
    public static final class Result {
        public final String label;
        public final long records;
        public final long cpuNanos;
        public final long allocatedBytes;
        public final long peakHeapBytes;
        public final long stateBytes;
        public final double seconds;

        Result(
                String label,
                long records,
                long cpuNanos,
                long allocatedBytes,
                long peakHeapBytes,
                long stateBytes,
                double seconds) {
            this.label = label;
            this.records = records;
            this.cpuNanos = cpuNanos;
            this.allocatedBytes = allocatedBytes;
            this.peakHeapBytes = peakHeapBytes;
            this.stateBytes = stateBytes;
            this.seconds = seconds;
        }

        public double cpuMicrosPerRecord() {
            return cpuNanos / 1e3 / records;
        }

        public double allocatedKbPerRecord() {
            return allocatedBytes / 1024.0 / records;
        }

        public double peakHeapBytesPerRecord() {
            return (double) peakHeapBytes / records;
        }

        public double stateBytesPerRecord() {
            return (double) stateBytes / records;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%-28s %,8d records  %6.1f s  CPU %7.1f µs/record  allocated %7.1f KB/record"
                            + "  peak heap %,7.0f B/record  state %5.1f B/record",
                    label,
                    records,
                    seconds,
                    cpuMicrosPerRecord(),
                    allocatedKbPerRecord(),
                    peakHeapBytesPerRecord(),
                    stateBytesPerRecord());
        }
    }

    /** Runs one full pass of {@code entity} in {@code catalog} and measures it. */
    public static Result run(
            String label, SourceSettings settings, String catalog, PartnerCentralEntity entity)
            throws IOException, InterruptedException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        AtomicLong peak = new AtomicLong(heapBefore);
        Thread sampler =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                peak.accumulateAndGet(
                                        rt.totalMemory() - rt.freeMemory(), Math::max);
                                try {
                                    Thread.sleep(10);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "pcw-bench-heap");
        sampler.setDaemon(true);
        long self = Thread.currentThread().getId();
        long cpu0 = threads.getThreadCpuTime(self);
        long alloc0 = threads.getThreadAllocatedBytes(self);
        long t0 = System.nanoTime();
        sampler.start();
        SyncSplit split = new SyncSplit(catalog, entity, SyncCursor.INITIAL);
        long records = 0;
        try (PartnerCentralClient client = PartnerCentralClient.create(settings.client())) {
            SyncStepper stepper = new SyncStepper(client, settings);
            do {
                for (Fetched f : stepper.step(split, System.currentTimeMillis())) {
                    records += f.record != null ? 1 : 0;
                    // The reader keeps the cursor after each record as the split's state.
                    split = split.withCursor(f.cursorAfter);
                }
            } while (split.cursor().inPass());
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        long cpu = threads.getThreadCpuTime(self) - cpu0;
        long alloc = threads.getThreadAllocatedBytes(self) - alloc0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        long state = SyncSplitSerializer.INSTANCE.serialize(split).length;
        return new Result(
                label, records, cpu, alloc, Math.max(0, peak.get() - heapBefore), state, seconds);
    }
}
