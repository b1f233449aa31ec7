package dev.pcw.jobs.ingest;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * A test seam: Iceberg's Hadoop FileIO, except that while {@link #hold} is on, writing a table
 * metadata file (the step of every commit that makes it visible) waits until the hold is lifted, or
 * fails when its thread is interrupted (a cancelled or killed task). Lets a test stop a job at the
 * instant its committer is committing, as a process kill would. Configured with {@code
 * lake.iceberg.io-impl}; the state is static because the MiniCluster runs in the test's JVM.
 */
public class HoldingFileIO extends HadoopFileIO {
    private static final long serialVersionUID = 1L;
    private static volatile boolean holding;
    private static final AtomicInteger HELD = new AtomicInteger();
    private static final Object LOCK = new Object();

    public HoldingFileIO() {}

    /** Starts or lifts the hold; lifting it resets the count of held commits. */
    static void hold(boolean on) {
        synchronized (LOCK) {
            holding = on;
            if (!on) {
                HELD.set(0);
            }
            LOCK.notifyAll();
        }
    }

    /** How many commits are waiting on the hold now. */
    static int held() {
        return HELD.get();
    }

    @Override
    public OutputFile newOutputFile(String path) {
        OutputFile file = super.newOutputFile(path);
        if (!path.endsWith(".metadata.json")) {
            return file;
        }
        return new OutputFile() {
            @Override
            public PositionOutputStream create() {
                await();
                return file.create();
            }

            @Override
            public PositionOutputStream createOrOverwrite() {
                await();
                return file.createOrOverwrite();
            }

            @Override
            public String location() {
                return file.location();
            }

            @Override
            public InputFile toInputFile() {
                return file.toInputFile();
            }
        };
    }

    private static void await() {
        synchronized (LOCK) {
            if (!holding) {
                return;
            }
            HELD.incrementAndGet();
            try {
                while (holding) {
                    LOCK.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(
                        new InterruptedIOException("commit interrupted while held"));
            } finally {
                HELD.decrementAndGet();
            }
        }
    }
}
