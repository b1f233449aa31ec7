package dev.pcw.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Folders the local commands own (the demo's and the benchmarks' state). A folder is emptied only
 * when pcw created it: it holds the marker file {@value #MARKER}, or only what pcw writes into a
 * home (folders from before the marker existed). Anything else is refused, so that a mistyped
 * {@code --home} never deletes a user's files.
 */
public final class Dirs {
    /** The file pcw writes into each folder it owns. */
    public static final String MARKER = ".pcw-owned";

    /** What pcw itself writes into a home (the entries a folder without the marker may hold). */
    private static final Set<String> PCW_ENTRIES =
            Set.of(
                    MARKER,
                    "lake",
                    "checkpoints",
                    "savepoints",
                    "pcw.db",
                    "pcw.db-wal",
                    "pcw.db-shm",
                    "pcw.db-journal");

    private Dirs() {}

    /**
     * Empties {@code dir} (or creates it) for {@code owner}, and marks it as pcw's.
     *
     * @throws IllegalStateException when {@code dir} is not a folder pcw created, naming what it
     *     found there
     */
    public static void reset(Path dir, String owner) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(
                        "refusing to use "
                                + dir
                                + " as the "
                                + owner
                                + " folder: it is a file. Choose another folder.");
            }
            List<String> foreign = foreignEntries(dir);
            if (!foreign.isEmpty()) {
                throw new IllegalStateException(
                        "refusing to empty "
                                + dir
                                + ": pcw did not create it (no "
                                + MARKER
                                + " file inside; it holds "
                                + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                                + (foreign.size() > 5 ? ", …" : "")
                                + "). Choose a new or empty folder, or delete this one yourself.");
            }
            wipe(dir);
        }
        Files.createDirectories(dir);
        Files.write(
                dir.resolve(MARKER),
                ("Created by " + owner + ". pcw empties this folder when it starts again.\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The entries of {@code dir} that show it is not pcw's (none when the marker is there). */
    private static List<String> foreignEntries(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(MARKER))) {
            return List.of();
        }
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> !PCW_ENTRIES.contains(n))
                    .sorted()
                    .forEach(foreign::add);
        }
        return foreign;
    }

    /** Deletes {@code dir} and everything under it; nothing when it does not exist. */
    static void wipe(Path dir) throws IOException {
        // A local Flink may still be removing a finished job's checkpoints: try a few times.
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (IOException | java.io.UncheckedIOException e) {
                if (attempt == 5) {
                    throw e instanceof IOException ? (IOException) e : new IOException(e);
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while removing " + dir, ie);
                }
            }
        }
    }
}
