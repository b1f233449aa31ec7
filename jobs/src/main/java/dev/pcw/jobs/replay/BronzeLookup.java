package dev.pcw.jobs.replay;

import dev.pcw.connectors.lake.BronzePaths;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.normalize.PayloadRedaction;
import dev.pcw.schemas.silver.SilverRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The bronze lines behind dead letters whose payload {@code dead_letters} keeps redacted: bronze
 * keeps each payload whole, filed by entity and fetch day. A dead letter's line is the one of its
 * day folder with its request id, operation and fetch time whose payload, redacted again, is the
 * payload the dead letter keeps (a list call's lines share a request id). Reads each day folder a
 * dead letter needs once; committed files only (in-progress and hidden files are skipped, as the
 * bronze replay skips them).
 */
final class BronzeLookup {
    private final Map<String, List<BronzeRecord>> byCall = new HashMap<>();

    private BronzeLookup() {}

    /** Reads the day folders the dead letters {@code rows} were fetched on. */
    static BronzeLookup forDeadLetters(String lakeRoot, List<SilverRow> rows) {
        BronzePaths bronze = BronzePaths.under(lakeRoot);
        Set<String> keys = new HashSet<>();
        Set<Path> days = new HashSet<>();
        for (SilverRow r : rows) {
            String entity = (String) r.get("entity");
            Instant fetched = (Instant) r.get("fetched_at");
            if (entity == null || fetched == null) {
                continue;
            }
            keys.add(key((String) r.get("request_id"), (String) r.get("operation"), fetched));
            days.add(
                    new Path(
                            bronze.dayDirectory(
                                    entity, LocalDate.ofInstant(fetched, ZoneOffset.UTC))));
        }
        BronzeLookup lookup = new BronzeLookup();
        try {
            for (Path day : days) {
                lookup.read(day.getFileSystem(), day, keys);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading bronze under " + lakeRoot, e);
        }
        return lookup;
    }

    private static String key(String requestId, String operation, Instant fetchedAt) {
        return requestId + "|" + operation + "|" + fetchedAt.toEpochMilli();
    }

    private void read(FileSystem fs, Path dir, Set<String> keys) throws IOException {
        if (!fs.exists(dir)) {
            return;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            if (s.isDir()) {
                read(fs, s.getPath(), keys);
                continue;
            }
            try (FSDataInputStream in = fs.open(s.getPath());
                    BufferedReader lines =
                            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    BronzeRecord r;
                    try {
                        r = BronzeRecord.parse(line);
                    } catch (RuntimeException e) {
                        continue; // an unreadable line has no envelope to be found by
                    }
                    if (r.fetchedAt() == null) {
                        continue;
                    }
                    String k = key(r.requestId(), r.operation(), r.fetchedAt());
                    if (keys.contains(k)) {
                        byCall.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
                    }
                }
            }
        }
    }

    /** The bronze record behind dead letter {@code row}, or null when bronze no longer has it. */
    BronzeRecord find(SilverRow row) {
        Instant fetched = (Instant) row.get("fetched_at");
        if (fetched == null) {
            return null;
        }
        String operation = (String) row.get("operation");
        String kept = (String) row.get("raw_payload");
        for (BronzeRecord r :
                byCall.getOrDefault(
                        key((String) row.get("request_id"), operation, fetched), List.of())) {
            if (kept.equals(PayloadRedaction.redact(r.payload(), operation))) {
                return r;
            }
        }
        return null;
    }
}
