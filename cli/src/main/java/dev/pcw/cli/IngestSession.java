package dev.pcw.cli;

import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.JobLeases;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.jobs.ingest.LakeResumeCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;

/**
 * One {@code pcw run ingest} on this machine: holds the connector's job lease (so a second job on
 * the same metadata DB is refused), renews it while the job runs, decides what the job restores
 * (the savepoint its predecessor stopped with, or the last checkpoint a predecessor that died
 * retained), and records how the job ended (the lease released, the runs it leaves unfinished
 * marked FAILED with the reason).
 */
final class IngestSession implements AutoCloseable {
    /** How long a lease outlives its last heartbeat. */
    static final Duration TTL = Duration.ofSeconds(60);

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Pattern PID_ON_HOST = Pattern.compile("\\(pid (\\d+) on ([^)]+)\\)");

    private final MetadataDb db;
    private final String connectorId;
    private final JobLeases leases;
    private final JobLeases.Lease lease;
    private final Instant startedAt;
    private final LakeConfig lake;
    private ScheduledExecutorService heartbeat;

    private IngestSession(
            MetadataDb db,
            String connectorId,
            JobLeases leases,
            JobLeases.Lease lease,
            Instant startedAt,
            LakeConfig lake) {
        this.lake = lake;
        this.db = db;
        this.connectorId = connectorId;
        this.leases = leases;
        this.lease = lease;
        this.startedAt = startedAt;
    }

    /**
     * Takes the ingest job's lease.
     *
     * @throws JobLeases.HeldException naming the job that holds it
     */
    static IngestSession open(MetadataDb db, Path checkpoints, LakeConfig lake) {
        Instant started = Instant.now();
        String connectorId =
                new Connectors(db, Clock.systemUTC())
                        .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        JobLeases leases = new JobLeases(db, Clock.systemUTC());
        leases.current(connectorId, "replay")
                .filter(r -> r.releasedAt == null && r.expiresAt.isAfter(Instant.now()))
                .filter(r -> !goneFromThisMachine(r))
                .ifPresent(
                        r -> {
                            throw new JobLeases.HeldException(
                                    "a replay is writing silver ("
                                            + r.holder
                                            + "); start the ingest job when it has finished",
                                    r);
                        });
        JobLeases.Lease lease =
                leases.acquire(
                        connectorId,
                        "ingest",
                        holder(),
                        TTL,
                        checkpoints.toAbsolutePath().toString(),
                        IngestSession::goneFromThisMachine);
        return new IngestSession(db, connectorId, leases, lease, started, lake);
    }

    /** {@code pcw run ingest (pid N on HOST)}: who holds the lease, for people and for us. */
    static String holder() {
        return holder("pcw run ingest");
    }

    /**
     * {@code COMMAND (pid N on HOST)}: a lease holder that {@link #goneFromThisMachine} recognizes
     * once the process is gone, so a killed command's lease is taken over at once.
     */
    static String holder(String command) {
        return command + " (pid " + ProcessHandle.current().pid() + " on " + host() + ")";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** A holder that was a process of this machine that no longer runs. */
    static boolean goneFromThisMachine(JobLeases.Row held) {
        Matcher m = PID_ON_HOST.matcher(held.holder);
        if (!m.find() || !m.group(2).equals(host())) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != ProcessHandle.current().pid()
                && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Where the job restores from, and why. */
    static final class Restore {
        final String path;
        final String why;

        Restore(String path, String why) {
            this.path = path;
            this.why = why;
        }
    }

    /**
     * What this job restores: the savepoint its predecessor stopped with, or the newest checkpoint
     * a predecessor that ended without finishing retained under {@code checkpoints}; none when the
     * predecessor finished.
     */
    Optional<Restore> restorePoint(Path checkpoints) {
        if (lease.previous.isEmpty()) {
            return Optional.empty();
        }
        JobLeases.Row prev = lease.previous.get();
        if (prev.resumeFrom != null && !prev.resumeFrom.isBlank()) {
            return Optional.of(
                    new Restore(
                            prev.resumeFrom,
                            "the previous job stopped with a savepoint; resuming from it"));
        }
        if (!prev.endedWithoutRelease()) {
            return Optional.empty();
        }
        Optional<Path> latest = latestCheckpoint(checkpoints);
        if (latest.isPresent()) {
            String ahead = lakeAhead(latest.get());
            if (ahead != null) {
                System.out.println(
                        "pcw ingest: the previous job ("
                                + prev.holder
                                + ") ended without finishing after committing past its last"
                                + " checkpoint ("
                                + ahead
                                + "): starting from the metadata DB instead of that checkpoint (what"
                                + " it committed after its last recorded run is fetched again)");
                return Optional.empty();
            }
        }
        return latest.map(
                chk ->
                        new Restore(
                                chk.toUri().toString(),
                                "the previous job ("
                                        + prev.holder
                                        + ", last heard of at "
                                        + prev.heartbeatAt
                                        + ") ended without finishing; resuming from its"
                                        + " last checkpoint so that nothing is fetched or"
                                        + " written twice"));
    }

    /**
     * What shows the lake holds commits made after checkpoint {@code chk} ({@code .../<job
     * id>/chk-N}), or null.
     */
    private String lakeAhead(Path chk) {
        String jobId = chk.getParent().getFileName().toString();
        long id = Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
        return LakeResumeCheck.committedBeyond(
                lake, jobId, id, modified(chk.resolve("_metadata")).toMillis());
    }

    /** Whether the predecessor ended without finishing (it may have left no checkpoint). */
    boolean predecessorDied() {
        return lease.previous.map(JobLeases.Row::endedWithoutRelease).orElse(false)
                && lease.previous.map(p -> p.resumeFrom == null).orElse(false);
    }

    /** Whether {@code path} (a URI or a path) is a retained checkpoint under {@code dir}. */
    static boolean isRetainedCheckpoint(String path, Path dir) {
        Path p;
        try {
            p = path.contains(":") ? Path.of(java.net.URI.create(path)) : Path.of(path);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return false;
        }
        p = p.toAbsolutePath().normalize();
        return p.startsWith(dir.toAbsolutePath().normalize())
                && p.getFileName() != null
                && p.getFileName().toString().startsWith("chk-");
    }

    /**
     * The state backend that wrote the retained checkpoint at {@code path} ({@code rocksdb} or
     * {@code hashmap}), read from its {@code _metadata}: a checkpoint (unlike a savepoint in
     * Flink's canonical format) restores only into the backend that wrote it, RocksDB's incremental
     * handles into RocksDB and the heap's full snapshots into the heap. Empty when the checkpoint
     * holds no keyed state, or is not a local folder this process can read.
     *
     * @throws IllegalStateException when its {@code _metadata} cannot be read, saying what to do
     */
    static Optional<String> checkpointBackend(String path) {
        Path p;
        try {
            p = path.contains(":") ? Path.of(java.net.URI.create(path)) : Path.of(path);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
        Path metadata = p.resolve("_metadata");
        if (!Files.isRegularFile(metadata)) {
            return Optional.empty();
        }
        CheckpointMetadata read;
        try (java.io.DataInputStream in =
                new java.io.DataInputStream(
                        new java.io.BufferedInputStream(Files.newInputStream(metadata)))) {
            read =
                    Checkpoints.loadCheckpointMetadata(
                            in, IngestSession.class.getClassLoader(), p.toUri().toString());
        } catch (IOException | RuntimeException e) {
            // Flink writes _metadata last, aside and renamed into place on a file system with a
            // recoverable writer (the local one): so a file damaged since (a copy cut short, a
            // full disk, an edit), which Flink could not restore either.
            throw new IllegalStateException(
                    "the checkpoint "
                            + p
                            + " cannot be read ("
                            + metadata.getFileName()
                            + ": "
                            + (e.getMessage() == null
                                    ? e.getClass().getSimpleName()
                                    : e.getMessage())
                            + "): pass --no-restore to start from the metadata DB (what the"
                            + " interrupted job fetched after its last recorded run is fetched"
                            + " again), or move that folder away to resume from an older"
                            + " checkpoint",
                    e);
        }
        boolean incremental = false;
        boolean full = false;
        for (OperatorState operator : read.getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getStates()) {
                for (KeyedStateHandle h : subtask.getManagedKeyedState()) {
                    if (h instanceof IncrementalKeyedStateHandle) {
                        incremental = true;
                    } else {
                        full = true;
                    }
                }
            }
        }
        if (incremental) {
            return Optional.of("rocksdb");
        }
        return full ? Optional.of("hashmap") : Optional.empty();
    }

    /** The newest retained checkpoint ({@code .../<job id>/chk-N}) under {@code dir}. */
    static Optional<Path> latestCheckpoint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try {
            return list(dir, 3).stream()
                    .filter(
                            p ->
                                    p.getFileName().toString().equals("_metadata")
                                            && p.getParent()
                                                    .getFileName()
                                                    .toString()
                                                    .startsWith("chk-"))
                    .max(Comparator.comparing(IngestSession::modified))
                    .map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException("listing checkpoints in " + dir, e);
        }
    }

    /**
     * What {@code dir} holds, itself included, down to {@code depth} levels; what disappears while
     * it is listed is left out. Flink discards a job's old checkpoints on a thread of its own, even
     * after the job has ended, so a checkpoint folder can vanish under a listing of them (which
     * {@link Files#walk} reports as an error).
     */
    static List<Path> list(Path dir, int depth) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        Files.walkFileTree(
                dir,
                java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class),
                depth,
                new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult preVisitDirectory(
                            Path d, java.nio.file.attribute.BasicFileAttributes attrs) {
                        out.add(d);
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFile(
                            Path f, java.nio.file.attribute.BasicFileAttributes attrs) {
                        out.add(f);
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e)
                            throws IOException {
                        if (e instanceof java.nio.file.NoSuchFileException) {
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }

                    @Override
                    public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e)
                            throws IOException {
                        if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
                            throw e;
                        }
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                });
        return out;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Renews the lease until closed; {@code onLost} runs if another job took it. */
    void startHeartbeat(Runnable onLost) {
        heartbeat =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "pcw-lease-heartbeat");
                            t.setDaemon(true);
                            return t;
                        });
        heartbeat.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (!leases.renew(lease, TTL)) {
                            onLost.run();
                        }
                    } catch (RuntimeException e) {
                        // A database blip: the next beat tries again; the lease lasts TTL.
                        System.err.println(
                                "pcw ingest: could not renew the job lease: " + e.getMessage());
                    }
                },
                HEARTBEAT.toMillis(),
                HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Marks FAILED, with {@code reason}, the runs this job started and leaves unfinished.
     *
     * @return how many
     */
    int failUnfinishedRuns(String reason) {
        return new IngestionRuns(db, Clock.systemUTC())
                .failRunningSince(connectorId, startedAt, reason);
    }

    /** Releases the lease; the next job restores {@code resumeFrom} when it is not null. */
    void release(String resumeFrom) {
        stopHeartbeat();
        leases.release(lease, resumeFrom);
    }

    private void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
        }
    }

    @Override
    public void close() {
        stopHeartbeat();
    }

    /**
     * Deletes the part files Flink's file sinks leave hidden while they write ({@code
     * .part-….inprogress.…}, {@code .events-….inprogress.…}) under {@code dir}: left by a job that
     * ended without finishing, they are never committed. Only call while holding the lease and when
     * not restoring a checkpoint that may still commit them.
     *
     * @return the files deleted
     */
    static List<Path> removeUnfinishedParts(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> parts;
        try (Stream<Path> files = Files.walk(dir)) {
            parts =
                    files.filter(
                                    p -> {
                                        String n = p.getFileName().toString();
                                        return n.startsWith(".") && n.contains(".inprogress.");
                                    })
                            .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
        for (Path p : parts) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("deleting " + p, e);
            }
        }
        return parts;
    }

    /**
     * Deletes the checkpoint folders (one per Flink job id) under {@code dir}; what Flink deletes
     * meanwhile (a finished job's last checkpoints, on a thread of its own) is no error.
     */
    static void removeCheckpoints(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            List<Path> all = list(dir, Integer.MAX_VALUE);
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                if (!p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting old checkpoints in " + dir, e);
        }
    }
}
