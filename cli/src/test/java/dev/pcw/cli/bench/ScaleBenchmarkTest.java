package dev.pcw.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleBenchmarkTest {
    @Test
    void readsTheHeapOfEveryCollectionInAGcLog() {
        // -Xlog:gc lines of G1 (JDK 11 and 17): young and mixed pauses, a remark, a cleanup.
        List<String> log =
                List.of(
                        "[0.012s][info][gc] Using G1",
                        "[1.532s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause)"
                                + " 24M->5M(512M) 6.123ms",
                        "[3.001s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous"
                                + " Allocation) 338M->247M(512M) 12.5ms",
                        "[3.010s][info][gc] GC(2) Concurrent Mark Cycle",
                        "[3.020s][info][gc] GC(2) Pause Remark 250M->250M(512M) 1.2ms",
                        "[3.030s][info][gc] GC(2) Pause Cleanup 251M->251M(512M) 0.1ms",
                        "[3.500s][info][gc] GC(3) Pause Full (G1 Compaction Pause)"
                                + " 500M->200M(512M) 80ms",
                        "[4.100s][info][gc] GC(4) Pause Young (Normal) (G1 Evacuation Pause)"
                                + " 1G->100M(1G) 8ms",
                        "[4.200s][info][gc] GC(5) Concurrent Mark Cycle 12.000ms");
        ScaleBenchmark.Heap h = ScaleBenchmark.gcLog(log);
        // The remark and the cleanup are not collections: their figures are the heap in use.
        assertThat(h.collections).isEqualTo(4);
        assertThat(h.usedBeforeGc).isEqualTo(1L << 30);
        assertThat(h.liveAfterGc).isEqualTo(247L << 20);
    }

    @Test
    void aLogWithoutPausesHasNoFigures() {
        ScaleBenchmark.Heap h = ScaleBenchmark.gcLog(List.of("[0.012s][info][gc] Using G1"));
        assertThat(h.collections).isZero();
        assertThat(h.usedBeforeGc).isZero();
    }

    @Test
    void theMaxOfTwoRunsIsKept() {
        ScaleBenchmark.Heap a = new ScaleBenchmark.Heap();
        a.usedBeforeGc = 300;
        a.liveAfterGc = 10;
        a.collections = 2;
        ScaleBenchmark.Heap b = new ScaleBenchmark.Heap();
        b.usedBeforeGc = 100;
        b.liveAfterGc = 50;
        b.collections = 3;
        a.add(b);
        assertThat(a.usedBeforeGc).isEqualTo(300);
        assertThat(a.liveAfterGc).isEqualTo(50);
        assertThat(a.collections).isEqualTo(5);
    }

    @Test
    void heapSizesAreJavasOwn() {
        assertThat(ScaleBenchmark.parseSize("512m")).isEqualTo(512L << 20);
        assertThat(ScaleBenchmark.parseSize("1G")).isEqualTo(1L << 30);
        assertThat(ScaleBenchmark.parseSize("64k")).isEqualTo(64L << 10);
        assertThat(ScaleBenchmark.parseSize("1048576")).isEqualTo(1L << 20);
        assertThatThrownBy(() -> ScaleBenchmark.parseSize("512x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScaleBenchmark.parseSize("lots"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScaleBenchmark.parseSize("")).isInstanceOf(RuntimeException.class);
    }
}
