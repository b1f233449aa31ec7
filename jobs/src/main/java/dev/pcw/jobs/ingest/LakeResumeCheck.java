package dev.pcw.jobs.ingest;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.lake.LiveRows;
import dev.pcw.connectors.partnercentral.source.RunListener.Resume;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverTables;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;

/**
 * Checks where the metadata DB says each (catalog, entity) stands against what the lake holds,
 * before a job starts from it: the lake is the truth. Where the lake is behind, the job starts from
 * the lake's position instead, and says so:
 *
 * <ul>
 *   <li>a silver table that was missing (lake folder deleted, table dropped) or that holds no row
 *       of the catalog (emptied): that entity syncs in full;
 *   <li>opportunities whose newest LastModifiedDate in silver (current and history, the lower of
 *       the two) is older than the recorded watermark: listed again from the lake's newest, with
 *       the ids silver holds at exactly that instant skipped as usual;
 *   <li>invitations and engagements recorded as seen but absent from silver: fetched again.
 * </ul>
 */
public final class LakeResumeCheck {
    private LakeResumeCheck() {}

    /** The resume points to start from, and what was changed and why. */
    public static final class Result {
        public final Map<String, Resume> resume;
        public final List<String> notes;

        Result(Map<String, Resume> resume, List<String> notes) {
            this.resume = Collections.unmodifiableMap(resume);
            this.notes = List.copyOf(notes);
        }
    }

    /** The silver tables that do not exist (checked before they are created). */
    public static Set<String> missingTables(LakeConfig lake) {
        Set<String> missing = new HashSet<>();
        Catalog catalog = Catalogs.create(lake);
        try {
            for (var t : SilverTables.all()) {
                if (!catalog.tableExists(lake.tableIdentifier(t.name()))) {
                    missing.add(t.name());
                }
            }
        } finally {
            close(catalog);
        }
        return missing;
    }

    /**
     * Reconciles {@code resume} (split id {@code catalog/entity} → where it stands) with the lake.
     *
     * @param missing the silver tables that were missing before this job created them
     */
    public static Result reconcile(
            LakeConfig lake, Set<String> missing, Map<String, Resume> resume) {
        Map<String, Resume> out = new TreeMap<>(resume);
        List<String> notes = new ArrayList<>();
        if (resume.isEmpty()) {
            return new Result(out, notes);
        }
        Catalog catalog = Catalogs.create(lake);
        try {
            for (Map.Entry<String, Resume> e : resume.entrySet()) {
                String[] key = e.getKey().split("/", 2);
                String cat = key[0];
                PartnerCentralEntity entity = PartnerCentralEntity.parse(key[1]);
                String table = LakeCommitGate.tableOf(entity);
                Resume r = e.getValue();
                boolean anyRecorded = r.watermark != null || r.fingerprints != null;
                if (!anyRecorded && missing.contains(table)) {
                    continue; // nothing recorded, nothing in the lake: a first, full sync
                }
                if (missing.contains(table)
                        || (entity == PartnerCentralEntity.OPPORTUNITIES
                                && missing.contains(SilverTables.OPPORTUNITY_HISTORY_NAME))) {
                    out.remove(e.getKey());
                    notes.add(
                            "the lake had no table "
                                    + (missing.contains(table)
                                            ? table
                                            : SilverTables.OPPORTUNITY_HISTORY_NAME)
                                    + " (lake folder deleted or table dropped): re-created it;"
                                    + " "
                                    + e.getKey()
                                    + " syncs in full");
                    continue;
                }
                if (entity == PartnerCentralEntity.OPPORTUNITIES) {
                    Position current = newest(catalog, lake, table, cat);
                    Position history =
                            newest(catalog, lake, SilverTables.OPPORTUNITY_HISTORY_NAME, cat);
                    if (r.watermark == null) {
                        continue; // nothing recorded: a full sync
                    }
                    if (current.newest == null || history.newest == null) {
                        out.remove(e.getKey());
                        notes.add(
                                (current.newest == null
                                                ? table
                                                : SilverTables.OPPORTUNITY_HISTORY_NAME)
                                        + " holds no opportunity of catalog "
                                        + cat
                                        + " although the metadata DB recorded a sync up to "
                                        + r.watermark
                                        + " (emptied?): "
                                        + e.getKey()
                                        + " syncs in full");
                        continue;
                    }
                    Position lakePos = lowerOf(current, history);
                    if (lakePos.newest.isBefore(Instant.parse(r.watermark))) {
                        // Commits were lost: list again from silver's newest version, without
                        // the versions fetched ahead (they may be lost too). Never forward: a
                        // version fetched ahead of the listing can be newer than records not
                        // yet listed, so silver's newest never moves the watermark on.
                        out.put(
                                e.getKey(),
                                new Resume(
                                        lakePos.newest.toString(),
                                        new ArrayList<>(lakePos.idsAtNewest),
                                        r.fingerprints));
                        notes.add(
                                "silver's newest opportunity of catalog "
                                        + cat
                                        + " is at "
                                        + lakePos.newest
                                        + ", behind the watermark "
                                        + r.watermark
                                        + " the metadata DB recorded: "
                                        + e.getKey()
                                        + " continues from the lake's position");
                    }
                } else if (r.fingerprints != null && !r.fingerprints.isEmpty()) {
                    Set<String> ids = ids(catalog, lake, table, cat);
                    Map<String, String> kept = new TreeMap<>(r.fingerprints);
                    kept.keySet().retainAll(ids);
                    int lost = r.fingerprints.size() - kept.size();
                    if (ids.isEmpty()) {
                        out.remove(e.getKey());
                        notes.add(
                                table
                                        + " holds no record of catalog "
                                        + cat
                                        + " although the metadata DB recorded "
                                        + r.fingerprints.size()
                                        + " (emptied?): "
                                        + e.getKey()
                                        + " syncs in full");
                    } else if (lost > 0) {
                        out.put(
                                e.getKey(),
                                new Resume(r.watermark, r.idsAtWatermark, kept, r.fetchedAhead));
                        notes.add(
                                lost
                                        + " record(s) of "
                                        + e.getKey()
                                        + " the metadata DB recorded as synced are not in "
                                        + table
                                        + ": they are fetched again");
                    }
                }
            }
        } finally {
            close(catalog);
        }
        return new Result(out, notes);
    }

    /**
     * Whether the lake holds commits a restore of checkpoint {@code checkpointId} of Flink job
     * {@code jobId} would write again: a silver snapshot committed after {@code sinceMillis} by
     * another job, or by that job for a later checkpoint (Iceberg's committer commits what is left
     * when a bounded job's input ends, before its final checkpoint). Restoring then would write
     * records twice; the caller starts from the lake's position instead.
     *
     * @return what shows the lake is ahead, or null
     */
    public static String committedBeyond(
            LakeConfig lake, String jobId, long checkpointId, long sinceMillis) {
        Catalog catalog = Catalogs.create(lake);
        try {
            for (var t : SilverTables.all()) {
                if (!catalog.tableExists(lake.tableIdentifier(t.name()))) {
                    continue;
                }
                Table table = catalog.loadTable(lake.tableIdentifier(t.name()));
                for (org.apache.iceberg.Snapshot snap : table.snapshots()) {
                    Map<String, String> summary = snap.summary();
                    String job = summary.get("flink.job-id");
                    if (job == null || snap.timestampMillis() < sinceMillis) {
                        continue;
                    }
                    long committed =
                            Long.parseLong(
                                    summary.getOrDefault(
                                            "flink.max-committed-checkpoint-id", "-1"));
                    if (!job.equals(jobId) || committed > checkpointId) {
                        return t.name()
                                + " has a commit of "
                                + (job.equals(jobId) ? "that job" : "job " + job)
                                + " made after checkpoint "
                                + checkpointId;
                    }
                }
            }
        } finally {
            close(catalog);
        }
        return null;
    }

    /** The two tables commit separately: the lake stands where the lower one does. */
    private static Position lowerOf(Position current, Position history) {
        return history.newest.isBefore(current.newest) ? history : current;
    }

    /** The newest last_modified_date of a catalog's rows in a table, and the ids at it. */
    private static final class Position {
        Instant newest;
        final Set<String> idsAtNewest = new java.util.TreeSet<>();
    }

    /**
     * Rows of event-driven fetches (run ids {@code events-…}) are left out: they arrive in any
     * order, while a scheduled pass emits in LastModifiedDate order. Deletes are applied (a row
     * removed behind pcw's back is not where the lake stands), without loading a table's delete
     * keys into memory (see {@link NewestLiveRows}).
     */
    private static Position newest(Catalog catalog, LakeConfig lake, String table, String cat) {
        Position p = new Position();
        Table t = catalog.loadTable(lake.tableIdentifier(table));
        for (Record r :
                NewestLiveRows.of(
                        t,
                        Expressions.equal("catalog", cat),
                        r -> {
                            Object run = r.getField("run_id");
                            return run == null || !run.toString().startsWith("events-");
                        },
                        "last_modified_date",
                        "id",
                        "run_id")) {
            p.newest = ((OffsetDateTime) r.getField("last_modified_date")).toInstant();
            p.idsAtNewest.add(String.valueOf(r.getField("id")));
        }
        return p;
    }

    private static Set<String> ids(Catalog catalog, LakeConfig lake, String table, String cat) {
        Set<String> ids = new HashSet<>();
        forEach(catalog, lake, table, cat, r -> ids.add(String.valueOf(r.getField("id"))), "id");
        return ids;
    }

    /**
     * A catalog's live rows of a table, one at a time: deletes applied, because rows removed behind
     * pcw's back (a DELETE in Athena) are what this check heals (see {@link LiveRows}).
     */
    private static void forEach(
            Catalog catalog,
            LakeConfig lake,
            String table,
            String cat,
            java.util.function.Consumer<Record> action,
            String... columns) {
        LiveRows.forEach(
                catalog.loadTable(lake.tableIdentifier(table)),
                Expressions.equal("catalog", cat),
                action,
                columns);
    }

    private static void close(Catalog catalog) {
        Catalogs.closeQuietly(catalog);
    }
}
