package dev.pcw.connectors.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the metadata DB must do on every database: subclasses open SQLite or PostgreSQL, and every
 * test here runs on both, with the same SQL.
 */
abstract class MetadataDbContract {

    /** The runbook's health check exactly as the runbook (2.1) prints it. */
    static final String RUNBOOK_QUERY =
            "SELECT id, entity, status, started_at, ended_at,\n"
                    + "       stats_json->>'records_processed' as records\n"
                    + "FROM ingestion_runs\n"
                    + "WHERE connector_id = (SELECT id FROM connectors WHERE kind ="
                    + " 'partner_central')\n"
                    + "ORDER BY started_at DESC\n"
                    + "LIMIT 10;";

    /** The same query on one line, as a user pastes it into psql or sqlite3. */
    static final String RUNBOOK_QUERY_ONE_LINE =
            "SELECT id, entity, status, started_at, ended_at, stats_json->>'records_processed'"
                    + " as records FROM ingestion_runs WHERE connector_id = (SELECT id FROM"
                    + " connectors WHERE kind = 'partner_central') ORDER BY started_at DESC"
                    + " LIMIT 10;";

    static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    MetadataDb db;
    SteppingClock clock;
    Connectors connectors;
    IngestionRuns runs;

    /** Opens (and so migrates) the database under test; called once per test, and by tests. */
    abstract MetadataDb openDb();

    @BeforeEach
    void openAndEmpty() throws SQLException {
        db = openDb();
        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            for (String table :
                    new String[] {
                        "job_cursors",
                        "write_pacing",
                        "api_usage",
                        "job_leases",
                        "record_fingerprints",
                        "audit_log",
                        "approvals",
                        "write_actions",
                        "sync_requests",
                        "ingestion_runs",
                        "connectors"
                    }) {
                if (table.equals("audit_log") && db.dialect() == Dialect.POSTGRESQL) {
                    // Append-only (a trigger refuses DELETE): the test's owner lifts it to empty.
                    s.executeUpdate("ALTER TABLE audit_log DISABLE TRIGGER USER");
                    s.executeUpdate("DELETE FROM audit_log");
                    s.executeUpdate("ALTER TABLE audit_log ENABLE TRIGGER USER");
                    continue;
                }
                s.executeUpdate("DELETE FROM " + table);
            }
        }
        clock = new SteppingClock(T0, Duration.ofSeconds(1));
        connectors = new Connectors(db, clock);
        runs = new IngestionRuns(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void migrationCreatesTheFiveTablesWithTheDocumentedColumns() throws SQLException {
        assertThat(columnsOf("connectors"))
                .containsExactly("id", "kind", "name", "config_json", "enabled", "created_at");
        assertThat(columnsOf("ingestion_runs"))
                .containsExactly(
                        "id",
                        "connector_id",
                        "run_id",
                        "catalog",
                        "entity",
                        "mode",
                        "status",
                        "started_at",
                        "ended_at",
                        "records",
                        "api_calls",
                        "throttled",
                        "dead_letters",
                        "stats_json",
                        "error",
                        "api_calls_uncheckpointed");
        assertThat(columnsOf("sync_requests"))
                .containsExactly(
                        "id",
                        "connector_id",
                        "entity",
                        "mode",
                        "requested_by",
                        "status",
                        "requested_at",
                        "started_at",
                        "ended_at",
                        "catalog",
                        "run_id",
                        "request_id");
        assertThat(columnsOf("write_actions"))
                .containsExactly(
                        "id",
                        "action",
                        "ticket_id",
                        "requester",
                        "approver",
                        "status",
                        "client_token",
                        "request_json",
                        "result_json",
                        "created_at",
                        "updated_at",
                        "catalog",
                        "opportunity_id",
                        "request_hash",
                        "opportunity_version",
                        "approvals_needed",
                        "expires_at",
                        "request_id",
                        "attempts",
                        "claimed_by",
                        "claimed_until",
                        "next_attempt_at",
                        "error");
        assertThat(columnsOf("approvals"))
                .containsExactly(
                        "id",
                        "action_id",
                        "approver",
                        "decision",
                        "request_hash",
                        "opportunity_version",
                        "comment",
                        "decided_at",
                        "request_id");
        assertThat(columnsOf("audit_log"))
                .containsExactly(
                        "id",
                        "at",
                        "actor",
                        "action",
                        "subject",
                        "details_json",
                        "request_id",
                        "seq",
                        "ticket_id",
                        "outcome",
                        "prev_hash",
                        "hash");
        assertThat(columnsOf("record_fingerprints"))
                .containsExactly(
                        "connector_id", "catalog", "entity", "record_id", "fingerprint", "run_id");
        assertThat(columnsOf("job_leases"))
                .containsExactly(
                        "connector_id",
                        "job",
                        "holder",
                        "holder_id",
                        "acquired_at",
                        "heartbeat_at",
                        "expires_at",
                        "released_at",
                        "state_dir",
                        "resume_from");
        assertThat(columnsOf("api_usage"))
                .containsExactly("connector_id", "api", "minute", "calls");
        assertThat(columnsOf("write_pacing")).containsExactly("connector_id", "next_slot_at");
        assertThat(columnsOf("api_keys"))
                .containsExactly("id", "name", "roles", "secret_hash", "created_at", "revoked_at");
    }

    /**
     * API keys: shown once, stored as a hash, looked up by their public id; a wrong secret, a
     * malformed key and a revoked key authenticate nobody; names are unique and roles known.
     */
    @Test
    void apiKeysAuthenticateTheirHolderUntilRevokedAndKeepNoSecret() {
        ApiKeys keys = new ApiKeys(db, clock);
        ApiKeys.Created alice = keys.create("alice", List.of("approver", "Viewer"));
        assertThat(alice.secret).matches("pcw_[a-z0-9]{8}_[A-Za-z0-9_-]{43}");
        assertThat(alice.key.roles()).containsExactly("viewer", "approver");
        assertThat(keys.authenticate(alice.secret))
                .get()
                .extracting(ApiKeys.Key::name)
                .isEqualTo("alice");
        assertThat(keys.authenticate(" " + alice.secret + " ")).isPresent();

        String wrongSecret =
                alice.secret.substring(0, alice.secret.length() - 1)
                        + (alice.secret.endsWith("A") ? "B" : "A");
        assertThat(keys.authenticate(wrongSecret)).isEmpty();
        assertThat(keys.authenticate("pcw_nothing")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        // Only the hash is stored.
        String stored =
                db.read(
                        "read key",
                        c -> {
                            try (Statement s = c.createStatement();
                                    ResultSet rs =
                                            s.executeQuery("SELECT secret_hash FROM api_keys")) {
                                rs.next();
                                return rs.getString(1);
                            }
                        });
        assertThat(alice.secret).doesNotContain(stored);
        assertThat(stored).hasSize(64).doesNotContain(alice.secret.substring(13));

        assertThatThrownBy(() -> keys.create("alice", List.of("viewer")))
                .hasMessageContaining("a key named 'alice' exists already");
        assertThatThrownBy(() -> keys.create("bob", List.of("root")))
                .hasMessage("unknown role 'root': use viewer, requester, approver, admin");
        assertThatThrownBy(() -> keys.create("bob", List.of()))
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> keys.create("no spaces", List.of("viewer")))
                .hasMessageContaining("is not valid");

        assertThat(keys.revoke("alice")).isTrue();
        assertThat(keys.revoke("alice")).isFalse();
        assertThat(keys.authenticate(alice.secret)).isEmpty();
        assertThat(keys.list())
                .singleElement()
                .satisfies(
                        k -> {
                            assertThat(k.name()).isEqualTo("alice");
                            assertThat(k.revokedAt()).isNotNull();
                        });
    }

    @Test
    void theRunsOfAnEndedJobAreFailedAndReopenedWhenItsSuccessorCarriesOn() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String old = runs.start(pc, "r0", "AWS", "opportunities", "full");
        Instant jobStart = clock.instant();
        String a = runs.start(pc, "r1", "AWS", "opportunities", "incremental");
        String b = runs.start(pc, "r2", "AWS", "solutions", "full");
        runs.finish(b, RunStatus.SUCCEEDED, Stats.of(3, 1, 0, 0), null);
        int marked = runs.failRunningSince(pc, jobStart, "stopped (SIGTERM) with a savepoint");
        assertThat(marked).isEqualTo(1);
        assertThat(runs.find(a).get().status()).isEqualTo(RunStatus.FAILED);
        assertThat(runs.find(a).get().error()).contains("SIGTERM");
        // A run of an earlier job is not this job's to mark.
        assertThat(runs.find(old).get().status()).isEqualTo(RunStatus.RUNNING);
        // The restored successor carries on with r1; a SUCCEEDED run cannot be reopened.
        assertThat(runs.reopen(a)).isTrue();
        assertThat(runs.find(a).get().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(runs.find(a).get().error()).isNull();
        assertThat(runs.reopen(b)).isFalse();
        runs.finish(a, RunStatus.SUCCEEDED, Stats.of(5, 2, 0, 0), null);
        assertThat(runs.find(a).get().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aSecondJobIsRefusedNamingTheHolderUntilTheLeaseExpires() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        JobLeases leases = new JobLeases(db, clock);
        JobLeases.Lease first =
                leases.acquire(
                        pc,
                        "ingest",
                        "pcw run ingest (pid 1 on a)",
                        Duration.ofSeconds(60),
                        "/s/a");
        assertThat(first.previous).isEmpty();
        assertThatThrownBy(
                        () ->
                                leases.acquire(
                                        pc,
                                        "ingest",
                                        "pcw run ingest (pid 2 on b)",
                                        Duration.ofSeconds(60),
                                        null))
                .isInstanceOf(JobLeases.HeldException.class)
                .hasMessageContaining(
                        "another ingest job holds this connector: pcw run ingest (pid 1 on a)")
                .hasMessageContaining("Stop it first")
                .hasMessageContaining("run again after that and this job takes over");
        // The holder renews it; while it does, others stay out.
        clock.advance(Duration.ofSeconds(50));
        assertThat(leases.renew(first, Duration.ofSeconds(60))).isTrue();
        clock.advance(Duration.ofSeconds(50));
        assertThatThrownBy(() -> leases.acquire(pc, "ingest", "b", Duration.ofSeconds(60), null))
                .isInstanceOf(JobLeases.HeldException.class);
        // The holder dies: its lease expires, the next job takes over and learns how it ended.
        clock.advance(Duration.ofSeconds(61));
        JobLeases.Lease second = leases.acquire(pc, "ingest", "b", Duration.ofSeconds(60), "/s/b");
        assertThat(second.previous).isPresent();
        assertThat(second.previous.get().endedWithoutRelease()).isTrue();
        assertThat(second.previous.get().holder).isEqualTo("pcw run ingest (pid 1 on a)");
        assertThat(second.previous.get().stateDir).isEqualTo("/s/a");
        // The first holder, back from a pause, has lost it.
        assertThat(leases.renew(first, Duration.ofSeconds(60))).isFalse();
        assertThat(leases.current(pc, "ingest").get().holder).isEqualTo("b");
    }

    @Test
    void aLeaseWhoseHolderIsKnownToBeGoneIsTakenWithoutWaiting() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        JobLeases leases = new JobLeases(db, clock);
        leases.acquire(pc, "ingest", "pcw run ingest (pid 7 on h)", Duration.ofMinutes(5), "/s");
        // Alive as far as the caller knows: refused.
        assertThatThrownBy(
                        () ->
                                leases.acquire(
                                        pc, "ingest", "b", Duration.ofMinutes(5), null, r -> false))
                .isInstanceOf(JobLeases.HeldException.class);
        JobLeases.Lease b =
                leases.acquire(
                        pc,
                        "ingest",
                        "b",
                        Duration.ofMinutes(5),
                        null,
                        r -> r.holder.contains("pid 7"));
        assertThat(b.previous.get().endedWithoutRelease()).isTrue();
        assertThat(b.previous.get().stateDir).isEqualTo("/s");
    }

    @Test
    void aReleasedLeaseIsTakenAtOnceAndPassesOnItsSavepoint() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        JobLeases leases = new JobLeases(db, clock);
        JobLeases.Lease first = leases.acquire(pc, "ingest", "a", Duration.ofMinutes(5), "/s/a");
        leases.release(first, "file:///s/a/savepoints/savepoint-1");
        JobLeases.Lease next = leases.acquire(pc, "ingest", "b", Duration.ofMinutes(5), "/s/b");
        assertThat(next.previous.get().endedWithoutRelease()).isFalse();
        assertThat(next.previous.get().resumeFrom).isEqualTo("file:///s/a/savepoints/savepoint-1");
        // The new holder's row starts without a savepoint to resume from.
        assertThat(leases.current(pc, "ingest").get().resumeFrom).isNull();
        assertThat(leases.renew(first, Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void ofJobsRacingForAFreeLeaseExactlyOneWins() throws Exception {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String holder = "job-" + i;
            tries.add(
                    pool.submit(
                            () -> {
                                go.await();
                                try (MetadataDb own = openDb()) {
                                    new JobLeases(own, clock)
                                            .acquire(
                                                    pc,
                                                    "ingest",
                                                    holder,
                                                    Duration.ofMinutes(1),
                                                    null);
                                    return true;
                                } catch (JobLeases.HeldException e) {
                                    return false;
                                }
                            }));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> f : tries) {
            won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
    }

    @Test
    void aNewRunMarksTheAbandonedRunsOfItsCatalogAndEntityFailed() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String dead = runs.start(pc, "run-1", "AWS", "opportunities", "full");
        String other = runs.start(pc, "run-2", "Sandbox", "opportunities", "full");
        String done = runs.start(pc, "run-3", "AWS", "opportunities", "full");
        runs.finish(done, RunStatus.SUCCEEDED, Stats.of(1, 1, 0, 0), null);
        String pending = runs.start(pc, "run-0", "AWS", "opportunities", "full");
        String fresh = runs.start(pc, "run-4", "AWS", "opportunities", "incremental");

        // run-0 belongs to the caller's job, its end not reported yet: it is kept.
        assertThat(
                        runs.abandonOthers(
                                pc,
                                "AWS",
                                "opportunities",
                                List.of(fresh, pending),
                                "job ended first"))
                .isEqualTo(1);
        assertThat(runs.find(pending).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(runs.find(dead).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        assertThat(runs.find(dead).orElseThrow().error()).isEqualTo("job ended first");
        assertThat(runs.find(dead).orElseThrow().endedAt()).isNotNull();
        // Another catalog, a finished run and the new run itself are left alone.
        assertThat(runs.find(other).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(runs.find(done).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runs.find(fresh).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    /**
     * A run whose job died used to keep NULL counters though its records had landed, and a run
     * restarted inside its job missed the calls made before the restart. Progress now records the
     * counters of each completed checkpoint, and the calls a restart made uncounted are added up
     * (the job adds them to what it finishes the run with).
     */
    @Test
    void progressKeepsTheCountsOfWhatLandedAndUncheckpointedCallsAddUp() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String id = runs.start(pc, "run-1", "AWS", "opportunities", "full");
        runs.progress(id, Stats.of(40, 42, 1, 2));
        runs.addUncheckpointedCalls(id, 5);
        runs.addUncheckpointedCalls(id, 3);
        IngestionRun r = runs.find(id).orElseThrow();
        assertThat(r.stats().records()).isEqualTo(40);
        assertThat(r.stats().apiCalls()).isEqualTo(50);
        assertThat(r.stats().deadLetters()).isEqualTo(2);
        assertThat(runs.uncheckpointedCalls(id)).isEqualTo(8);
        // A later checkpoint's counters keep the calls counted outside checkpoints.
        runs.progress(id, Stats.of(45, 47, 1, 2));
        assertThat(runs.find(id).orElseThrow().stats().apiCalls()).isEqualTo(55);
        assertThat(runs.find(id).orElseThrow().stats().records()).isEqualTo(45);
        runs.progress(id, Stats.of(40, 42, 1, 2));

        // Abandoned: the counts stay.
        String next = runs.start(pc, "run-2", "AWS", "opportunities", "full");
        runs.abandonOthers(pc, "AWS", "opportunities", List.of(next), "job ended first");
        IngestionRun abandoned = runs.find(id).orElseThrow();
        assertThat(abandoned.status()).isEqualTo(RunStatus.FAILED);
        assertThat(abandoned.stats().records()).isEqualTo(40);
        assertThat(abandoned.stats().apiCalls()).isEqualTo(50);

        // A finished run takes no more progress.
        runs.finish(next, RunStatus.SUCCEEDED, Stats.of(7, 9, 0, 0), null);
        runs.progress(next, Stats.of(1, 1, 1, 1));
        runs.addUncheckpointedCalls(next, 4);
        assertThat(runs.find(next).orElseThrow().stats().records()).isEqualTo(7);
        assertThat(runs.find(next).orElseThrow().stats().apiCalls()).isEqualTo(9);
        assertThat(runs.uncheckpointedCalls("no-such-run")).isZero();
    }

    /**
     * The audit log is one hash chain, whoever appends: rows from concurrent writers each get their
     * own place, details are kept as canonical JSON (what JSONB does to the layout does not break
     * the hashes), and the chain verifies.
     */
    /**
     * Write actions: stored with their ClientToken before anything is called, moved only from the
     * states named, one decision per principal, and a change and its audit row commit together.
     */
    @Test
    void writeActionsMoveOnlyFromTheStatesNamedAndCommitWithTheirAuditRow() throws Exception {
        WriteActions actions = new WriteActions(db);
        AuditLog audit = new AuditLog(db, clock);
        WriteActions.Action a =
                new WriteActions.Action(
                        "a-1",
                        "create_opportunity",
                        "SALES-1",
                        "alice",
                        WriteActions.PENDING,
                        "pcw-a-1",
                        "{\"Catalog\":\"AWS\"}",
                        "AWS",
                        null,
                        "h".repeat(64),
                        null,
                        1,
                        T0,
                        T0.plusSeconds(3600),
                        "req-1");
        db.write(
                "insert",
                c -> {
                    actions.insert(c, a);
                    audit.append(
                            c,
                            "alice",
                            "action.requested",
                            "a-1",
                            "SALES-1",
                            "stored",
                            "req-1",
                            null);
                    return null;
                });
        WriteActions.Action stored = actions.get("a-1").orElseThrow();
        assertThat(stored.clientToken).isEqualTo("pcw-a-1");
        assertThat(stored.status).isEqualTo(WriteActions.PENDING);
        assertThat(stored.expiresAt).isEqualTo(T0.plusSeconds(3600));
        assertThat(stored.requestJson).contains("\"Catalog\"");

        // A failure after the audit row rolls both back: no half-written state.
        assertThatThrownBy(
                        () ->
                                db.write(
                                        "approve then fail",
                                        c -> {
                                            actions.transition(
                                                    c,
                                                    "a-1",
                                                    Set.of(WriteActions.PENDING),
                                                    WriteActions.APPROVED,
                                                    T0,
                                                    Map.of("approver", "bob"));
                                            audit.append(
                                                    c,
                                                    "bob",
                                                    "action.approved",
                                                    "a-1",
                                                    "SALES-1",
                                                    "approved",
                                                    null,
                                                    null);
                                            throw new IllegalStateException("crash");
                                        }))
                .hasMessage("crash");
        assertThat(actions.get("a-1").orElseThrow().status).isEqualTo(WriteActions.PENDING);
        assertThat(audit.about("a-1")).hasSize(1);

        // Moves only from the states named.
        boolean moved =
                db.write(
                        "approve",
                        c ->
                                actions.transition(
                                        c,
                                        "a-1",
                                        Set.of(WriteActions.PENDING),
                                        WriteActions.APPROVED,
                                        T0.plusSeconds(1),
                                        Map.of("approver", "bob")));
        boolean again =
                db.write(
                        "approve again",
                        c ->
                                actions.transition(
                                        c,
                                        "a-1",
                                        Set.of(WriteActions.PENDING),
                                        WriteActions.APPROVED,
                                        T0.plusSeconds(2),
                                        Map.of()));
        assertThat(moved).isTrue();
        assertThat(again).isFalse();
        assertThat(actions.get("a-1").orElseThrow().approver).isEqualTo("bob");
        assertThat(actions.countByStatus()).containsExactly(Map.entry(WriteActions.APPROVED, 1L));

        // One decision per principal and action.
        WriteActions.Decision d =
                new WriteActions.Decision("bob", "approved", "h".repeat(64), null, null, T0, null);
        db.write(
                "decide",
                c -> {
                    actions.decide(c, "a-1", d);
                    return null;
                });
        assertThatThrownBy(
                        () ->
                                db.write(
                                        "decide twice",
                                        c -> {
                                            actions.decide(c, "a-1", d);
                                            return null;
                                        }))
                .isInstanceOf(MetadataDbException.class);
        assertThat(actions.decisions("a-1")).hasSize(1);
        // The requester is never the approver, whatever the caller does.
        assertThatThrownBy(
                        () ->
                                db.write(
                                        "self",
                                        c ->
                                                actions.transition(
                                                        c,
                                                        "a-1",
                                                        Set.of(WriteActions.APPROVED),
                                                        WriteActions.APPROVED,
                                                        T0,
                                                        Map.of("approver", "alice"))))
                .isInstanceOf(MetadataDbException.class);
    }

    /**
     * Sync requests stay pending until a run of their catalog and entity starts after them; then
     * the run's status is theirs.
     */
    @Test
    void syncRequestsArePendingUntilARunStartsAfterThemAndThenFollowIt() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "PC");
        SyncRequests requests = new SyncRequests(db, clock);
        String first = requests.create(pc, "AWS", "solutions", "full", "alice", "req-1");
        String other = requests.create(pc, "Sandbox", "solutions", "incremental", "alice", null);
        assertThat(requests.pending(pc)).extracting(r -> r.id).containsExactly(first, other);
        // A run that started before the request does not carry it out.
        assertThat(requests.link(pc, "AWS", "solutions", "run-0", T0)).isZero();
        String row = runs.start(pc, "run-1", "AWS", "solutions", "full");
        assertThat(requests.link(pc, "AWS", "solutions", "run-1", T0.plusSeconds(3600)))
                .isEqualTo(1);
        SyncRequests.Request linked =
                requests.recent(pc, 10).stream()
                        .filter(r -> r.id.equals(first))
                        .findFirst()
                        .orElseThrow();
        assertThat(linked.status).isEqualTo(SyncRequests.RUNNING);
        assertThat(linked.runId).isEqualTo("run-1");
        assertThat(linked.runStatus).isEqualTo("RUNNING");
        runs.finish(row, RunStatus.SUCCEEDED, Stats.of(1, 1, 0, 0), null);
        assertThat(
                        requests.recent(pc, 10).stream()
                                .filter(r -> r.id.equals(first))
                                .findFirst()
                                .orElseThrow()
                                .runStatus)
                .isEqualTo("SUCCEEDED");
        // The other catalog's request is still waiting.
        assertThat(requests.pending(pc)).extracting(r -> r.id).containsExactly(other);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> requests.create(pc, "AWS", "solutions", "sometimes", "alice", null))
                .hasMessage("mode is 'sometimes': full or incremental");
    }

    /** The write quota's slots: spaced by the rate, shared by every caller, and a daily cap. */
    @Test
    void writeSlotsAreSpacedByTheRateAndStopAtTheDailyBudget() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "PC");
        java.time.Clock fixed = java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC);
        WritePacing pacing = new WritePacing(db, fixed);
        WritePacing.Slot first = pacing.reserve(pc, 10, 3);
        WritePacing.Slot second = new WritePacing(db, fixed).reserve(pc, 10, 3);
        WritePacing.Slot third = pacing.reserve(pc, 10, 3);
        assertThat(first.at).isEqualTo(T0);
        assertThat(second.at).isEqualTo(T0.plusMillis(100));
        assertThat(third.at).isEqualTo(T0.plusMillis(200));
        WritePacing.Slot fourth = pacing.reserve(pc, 10, 3);
        assertThat(fourth.granted()).isFalse();
        assertThat(fourth.usedLastDay).isEqualTo(3);
        assertThat(fourth.budgetFreesAt).isAfter(T0.plus(Duration.ofHours(23)));
        assertThat(pacing.usedLastDay(pc)).isEqualTo(3);
    }

    @Test
    void auditRowsFormOneChainThatVerifiesWhateverWritesConcurrently() throws Exception {
        AuditLog audit = new AuditLog(db, clock);
        AuditLog.Entry first =
                audit.append(
                        "alice",
                        "action.requested",
                        "act-1",
                        "OPS-12",
                        "accepted",
                        "req-1",
                        Map.of("z", 1, "a", Map.of("y", "two", "b", List.of(3, 4))));
        assertThat(first.seq).isEqualTo(1);
        assertThat(first.prevHash).isNull();
        assertThat(first.detailsJson).isEqualTo("{\"a\":{\"b\":[3,4],\"y\":\"two\"},\"z\":1}");
        AuditLog.Entry second =
                audit.append("bob", "action.approved", "act-1", "OPS-12", "approved", null, null);
        assertThat(second.prevHash).isEqualTo(first.hash);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AuditLog.Entry>> appends = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                appends.add(
                        pool.submit(
                                () ->
                                        audit.append(
                                                "worker",
                                                "action.attempted",
                                                "act-" + (n % 3),
                                                null,
                                                "ok",
                                                null,
                                                Map.of("attempt", n))));
            }
            for (Future<AuditLog.Entry> f : appends) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        AuditLog.Verification v = audit.verify();
        assertThat(v.firstBad).isNull();
        assertThat(v.intact()).isTrue();
        assertThat(v.rows).isEqualTo(42);
        assertThat(audit.about("act-1"))
                .extracting(e -> e.action)
                .startsWith("action.requested", "action.approved");
    }

    @Test
    void apiUsageAddsUpPerMinuteAcrossWritersAndForgetsWhatIsOld() throws Exception {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        ApiUsage usage = new ApiUsage(db, clock);
        long now = clock.instant().getEpochSecond() / 60;
        usage.add(pc, ApiUsage.READ, Map.of(now - 2, 10L, now - 1, 5L));
        usage.add(pc, ApiUsage.READ, Map.of(now - 1, 7L, now, 1L));
        usage.add(pc, ApiUsage.WRITE, Map.of(now, 3L));
        assertThat(usage.since(pc, ApiUsage.READ, Duration.ofHours(24)))
                .containsExactly(
                        Map.entry(now - 2, 10L), Map.entry(now - 1, 12L), Map.entry(now, 1L));
        assertThat(usage.since(pc, ApiUsage.WRITE, Duration.ofHours(24)))
                .containsExactly(Map.entry(now, 3L));
        assertThat(usage.since(pc, ApiUsage.READ, Duration.ofMinutes(1)))
                .containsOnlyKeys(now - 1, now);

        // Subtasks of one job add at once: nothing is lost to a race.
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> adds = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                adds.add(pool.submit(() -> usage.add(pc, ApiUsage.READ, Map.of(now, 2L))));
            }
            for (java.util.concurrent.Future<?> f : adds) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(usage.since(pc, ApiUsage.READ, Duration.ofHours(24)).get(now)).isEqualTo(41L);

        // Two days on, adding prunes what no 24-hour window needs.
        clock.advance(Duration.ofDays(3));
        usage.add(pc, ApiUsage.READ, Map.of(clock.instant().getEpochSecond() / 60, 1L));
        assertThat(usage.since(pc, ApiUsage.READ, Duration.ofDays(10))).hasSize(1);
    }

    @Test
    void fingerprintsAreReplacedPerCatalogAndEntity() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        RecordFingerprints fps = new RecordFingerprints(db);
        assertThat(fps.load(pc)).isEmpty();

        Map<String, String> many = new java.util.TreeMap<>();
        for (int i = 0; i < 1_234; i++) {
            many.put("engi-" + i, "PENDING|" + i);
        }
        fps.replace(pc, "AWS", "engagement_invitations", "run-1", many);
        fps.replace(pc, "AWS", "engagements", "run-1", Map.of("eng-1", "2026-11-22T00:00:00Z"));
        fps.replace(pc, "Sandbox", "engagements", "run-1", Map.of("eng-9", "x"));
        assertThat(fps.load(pc).get("AWS/engagement_invitations")).isEqualTo(many);

        // A later run replaces its (catalog, entity) whole, and only that one.
        fps.replace(pc, "AWS", "engagement_invitations", "run-2", Map.of("engi-1", "ACCEPTED|1"));
        Map<String, Map<String, String>> now = fps.load(pc);
        assertThat(now.get("AWS/engagement_invitations"))
                .containsOnly(Map.entry("engi-1", "ACCEPTED|1"));
        assertThat(now.get("AWS/engagements"))
                .containsOnly(Map.entry("eng-1", "2026-11-22T00:00:00Z"));
        assertThat(now.get("Sandbox/engagements")).containsOnly(Map.entry("eng-9", "x"));
        fps.replace(pc, "AWS", "engagement_invitations", "run-3", Map.of());
        assertThat(fps.load(pc)).doesNotContainKey("AWS/engagement_invitations");
    }

    @Test
    void openingTheSameDatabaseAgainAppliesNoMigrationAndKeepsTheData() throws SQLException {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");

        try (MetadataDb again = openDb()) {
            assertThat(again.migrate()).isZero();
            assertThat(new Connectors(again, clock).findId(Connectors.PARTNER_CENTRAL))
                    .contains(pc);
        }
        try (Connection c = db.connection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT version, success FROM flyway_schema_history"
                                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            for (String version :
                    List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("version")).isEqualTo(version);
                assertThat(rs.getBoolean("success")).isTrue();
            }
            assertThat(rs.next()).as("one row per migration").isFalse();
        }
    }

    @Test
    void ensureReturnsTheSameIdForAKindAndFollowsItsName() {
        String first = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String again = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String renamed = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central (prod)");
        String other = connectors.ensure("marketplace", "Marketplace");

        assertThat(again).isEqualTo(first);
        assertThat(renamed).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        String row =
                db.read(
                        "read connector",
                        c -> {
                            try (Statement s = c.createStatement();
                                    ResultSet rs =
                                            s.executeQuery(
                                                    "SELECT name, enabled, created_at FROM"
                                                            + " connectors WHERE kind ="
                                                            + " 'partner_central'")) {
                                rs.next();
                                return rs.getString(1)
                                        + "|"
                                        + rs.getBoolean(2)
                                        + "|"
                                        + rs.getString(3);
                            }
                        });
        assertThat(row).isEqualTo("Partner Central (prod)|true|2025-03-01T08:00:00.000Z");
    }

    @Test
    void ensureCalledFromManyThreadsAtOnceCreatesOneConnector() throws Exception {
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central"));
        }

        List<String> ids = atOnce(calls);

        assertThat(new HashSet<>(ids)).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM connectors")).isEqualTo(1);
    }

    @Test
    void startRecordsARunningRunWithoutEndOrStats() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");

        String id = runs.start(pc, "job-1", "AWS", "opportunities", "incremental");

        IngestionRun run = runs.find(id).orElseThrow();
        assertThat(run)
                .isEqualTo(
                        new IngestionRun(
                                id,
                                pc,
                                "job-1",
                                "AWS",
                                "opportunities",
                                "incremental",
                                RunStatus.RUNNING,
                                T0.plusSeconds(1),
                                null,
                                null,
                                null));
        assertThat(rawText("SELECT started_at FROM ingestion_runs WHERE id = ?", id))
                .isEqualTo("2025-03-01T08:00:01.000Z");
    }

    @Test
    void finishStoresTheStatsInTheirColumnsAndInStatsJson() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String id = runs.start(pc, "job-1", "AWS", "opportunities", "full");
        Stats stats =
                Stats.of(1200, 130, 2, 1)
                        .withExtra("pages", 12)
                        .withExtra("watermark", "2025-02-28T23:59:59Z")
                        .withExtra("backfill", true)
                        .withExtra("p99_ms", 812.5);

        runs.finish(id, RunStatus.SUCCEEDED, stats, null);

        String sql =
                "SELECT records, api_calls, throttled, dead_letters,"
                        + " stats_json->>'records_processed', stats_json->>'api_calls',"
                        + " stats_json->>'throttled', stats_json->>'dead_letters',"
                        + " stats_json->>'pages', stats_json->>'watermark', ended_at"
                        + " FROM ingestion_runs WHERE id = ?";
        List<String> row =
                db.read(
                        "stats",
                        c -> {
                            try (PreparedStatement ps = c.prepareStatement(sql)) {
                                ps.setString(1, id);
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    List<String> values = new ArrayList<>();
                                    for (int i = 1; i <= 11; i++) {
                                        values.add(rs.getString(i));
                                    }
                                    return values;
                                }
                            }
                        });
        assertThat(row)
                .containsExactly(
                        "1200",
                        "130",
                        "2",
                        "1",
                        "1200",
                        "130",
                        "2",
                        "1",
                        "12",
                        "2025-02-28T23:59:59Z",
                        "2025-03-01T08:00:02.000Z");
    }

    @Test
    void aFinishedRunReadsBackAsAnEqualValue() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String id = runs.start(pc, "job-2", "Sandbox", "solutions", "incremental");
        Stats stats = Stats.of(7, 3, 1, 0).withExtra("pages", 1).withExtra("ratio", 0.25);

        runs.finish(id, RunStatus.FAILED, stats, "AccessDeniedException: check account linking");

        assertThat(runs.find(id))
                .contains(
                        new IngestionRun(
                                id,
                                pc,
                                "job-2",
                                "Sandbox",
                                "solutions",
                                "incremental",
                                RunStatus.FAILED,
                                T0.plusSeconds(1),
                                T0.plusSeconds(2),
                                stats,
                                "AccessDeniedException: check account linking"));
    }

    @Test
    void healthCheckListsTheTenNewestPartnerCentralRunsWithTheirRecords() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String marketplace = connectors.ensure("marketplace", "Marketplace");
        String[] entities = {"opportunities", "solutions", "engagements"};
        List<String> pcRuns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = runs.start(pc, "job-" + i, "AWS", entities[i % 3], "incremental");
            pcRuns.add(id);
            // Another connector's runs, newer still, must not show up.
            String other = runs.start(marketplace, "mp-" + i, null, "meter_usage", "full");
            runs.finish(other, RunStatus.SUCCEEDED, Stats.of(999, 1, 0, 0), null);
            if (i == 7) {
                runs.finish(id, RunStatus.FAILED, Stats.of(70, 8, 3, 0), "boom");
            } else if (i != 5 && i != 11) {
                runs.finish(id, RunStatus.SUCCEEDED, Stats.of(i * 100L, i, 0, 0), null);
            }
        }

        List<HealthCheckRow> rows = runs.healthCheck();

        List<HealthCheckRow> expected = new ArrayList<>();
        for (int i = 11; i >= 2; i--) {
            IngestionRun run = runs.find(pcRuns.get(i)).orElseThrow();
            expected.add(
                    new HealthCheckRow(
                            run.id(),
                            run.entity(),
                            run.status().name(),
                            run.startedAt(),
                            run.endedAt(),
                            run.stats() == null ? null : run.stats().records()));
        }
        assertThat(rows).containsExactlyElementsOf(expected);
        assertThat(rows.get(0).records()).as("run 11 is still running").isNull();
        assertThat(rows.get(0).status()).isEqualTo("RUNNING");
        assertThat(rows.get(4).status()).isEqualTo("FAILED");
        assertThat(rows.get(4).records()).isEqualTo(70L);
        assertThat(rows.get(1).records()).isEqualTo(1000L);
    }

    @Test
    void theRunbookQueryRunsUnchangedThroughPlainJdbc() {
        assertThat(IngestionRuns.HEALTH_CHECK_SQL).isEqualTo(RUNBOOK_QUERY);
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String older = runs.start(pc, "job-1", "AWS", "opportunities", "full");
        runs.finish(older, RunStatus.SUCCEEDED, Stats.of(42, 5, 0, 0), null);
        String newer = runs.start(pc, "job-2", "AWS", "opportunities", "incremental");

        for (String sql : new String[] {RUNBOOK_QUERY, RUNBOOK_QUERY_ONE_LINE}) {
            List<String> lines =
                    db.read(
                            "runbook",
                            c -> {
                                List<String> out = new ArrayList<>();
                                try (Statement s = c.createStatement();
                                        ResultSet rs = s.executeQuery(sql)) {
                                    ResultSetMetaData md = rs.getMetaData();
                                    assertThat(md.getColumnCount()).isEqualTo(6);
                                    assertThat(md.getColumnLabel(6)).isEqualTo("records");
                                    while (rs.next()) {
                                        out.add(
                                                rs.getString(1)
                                                        + " "
                                                        + rs.getString(3)
                                                        + " "
                                                        + rs.getString(4)
                                                        + " "
                                                        + rs.getString(5)
                                                        + " "
                                                        + rs.getString(6));
                                    }
                                }
                                return out;
                            });
            assertThat(lines)
                    .containsExactly(
                            newer + " RUNNING 2025-03-01T08:00:03.000Z null null",
                            older
                                    + " SUCCEEDED 2025-03-01T08:00:01.000Z"
                                    + " 2025-03-01T08:00:02.000Z 42");
        }
    }

    @Test
    void recentListsTheRunsOfAllConnectorsNewestFirst() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String tiers = connectors.ensure("partner_tiers", "Partner tiers");
        String a = runs.start(pc, "job-1", "AWS", "opportunities", "full");
        String b = runs.start(tiers, "job-1", null, "partner_tiers", "full");
        String c = runs.start(pc, "job-2", "AWS", "opportunities", "incremental");

        assertThat(runs.recent(10)).extracting(IngestionRun::id).containsExactly(c, b, a);
        assertThat(runs.recent(2)).extracting(IngestionRun::id).containsExactly(c, b);
        assertThat(runs.recent(10).get(1).catalog()).isNull();
        assertThatThrownBy(() -> runs.recent(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1, got 0");
    }

    @Test
    void finishOfAnUnknownIdIsRejectedNamingTheId() {
        connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");

        assertThatThrownBy(() -> runs.finish("no-such-run", RunStatus.SUCCEEDED, Stats.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "No ingestion run with id 'no-such-run' to finish: pass the id that"
                                + " IngestionRuns.start returned");
    }

    @Test
    void finishingARunTwiceIsRejectedAndKeepsTheFirstOutcome() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String id = runs.start(pc, "job-1", "AWS", "opportunities", "full");
        runs.finish(id, RunStatus.SUCCEEDED, Stats.of(5, 1, 0, 0), null);

        assertThatThrownBy(() -> runs.finish(id, RunStatus.FAILED, Stats.ZERO, "late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "Ingestion run '" + id + "' is already SUCCEEDED; a run is finished once");
        IngestionRun run = runs.find(id).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.stats()).isEqualTo(Stats.of(5, 1, 0, 0));
    }

    @Test
    void finishingAsRunningIsRejected() {
        assertThatThrownBy(() -> runs.finish("r-1", RunStatus.RUNNING, Stats.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Ingestion run 'r-1' can only be finished as SUCCEEDED or FAILED, not"
                                + " RUNNING");
    }

    @Test
    void startForAnUnknownConnectorIsRejectedNamingIt() {
        assertThatThrownBy(() -> runs.start("ghost", "job-1", "AWS", "opportunities", "full"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown connector id 'ghost': get it from Connectors.ensure(kind, name)");
        assertThat(count("SELECT COUNT(*) FROM ingestion_runs")).isZero();
    }

    @Test
    void blankArgumentsAreRejectedNamingTheArgument() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");

        assertThatThrownBy(() -> runs.start(pc, " ", "AWS", "opportunities", "full"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runId must not be null or blank");
        assertThatThrownBy(() -> connectors.ensure("", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind must not be null or blank");
    }

    @Test
    void theSchemaEnforcesForeignKeys() {
        assertThatThrownBy(
                        () ->
                                db.write(
                                        "raw insert",
                                        c ->
                                                c.createStatement()
                                                        .executeUpdate(
                                                                "INSERT INTO ingestion_runs (id,"
                                                                        + " connector_id, run_id,"
                                                                        + " entity, mode, status,"
                                                                        + " started_at) VALUES ('r',"
                                                                        + " 'ghost', 'j', 'e', 'm',"
                                                                        + " 'RUNNING',"
                                                                        + " '2025-01-01T00:00:00.000Z')")))
                .isInstanceOf(MetadataDbException.class)
                .hasMessageStartingWith("raw insert failed on the metadata DB ")
                .hasMessageContaining(db.redactedUrl())
                .message()
                .containsIgnoringCase("foreign key");
    }

    @Test
    void theSchemaAllowsOnlyTheThreeRunStatuses() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");

        assertThatThrownBy(
                        () ->
                                db.write(
                                        "raw insert",
                                        c -> {
                                            try (PreparedStatement ps =
                                                    c.prepareStatement(
                                                            "INSERT INTO ingestion_runs (id,"
                                                                    + " connector_id, run_id, entity,"
                                                                    + " mode, status, started_at)"
                                                                    + " VALUES ('r', ?, 'j', 'e', 'm',"
                                                                    + " 'DONE',"
                                                                    + " '2025-01-01T00:00:00.000Z')")) {
                                                ps.setString(1, pc);
                                                return ps.executeUpdate();
                                            }
                                        }))
                .isInstanceOf(MetadataDbException.class)
                .message()
                .containsIgnoringCase("check");
    }

    @Test
    void aWriteActionCannotBeApprovedByItsRequester() {
        assertThatThrownBy(
                        () ->
                                insertWriteAction(
                                        "wa-1", "alice", "alice", "{\"ticketId\": \"T-1\"}"))
                .isInstanceOf(MetadataDbException.class)
                .message()
                .containsIgnoringCase("check");
        insertWriteAction("wa-2", "alice", "bob", "{\"ticketId\": \"T-2\"}");
        assertThat(count("SELECT COUNT(*) FROM write_actions")).isEqualTo(1);
    }

    @Test
    void everyJsonColumnTakesJsonBoundThroughTheDialectAndAnswersArrowQueries() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String now = Timestamps.format(T0);
        db.write(
                "json inserts",
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "UPDATE connectors SET config_json = ? WHERE id = ?")) {
                        db.dialect().bindJson(ps, 1, "{\"mode\": \"hybrid\", \"entities\": [1]}");
                        ps.setString(2, pc);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "INSERT INTO sync_requests (id, connector_id, entity, mode,"
                                            + " requested_by, status, requested_at) VALUES (?, ?, ?,"
                                            + " ?, ?, ?, ?)")) {
                        ps.setString(1, "sr-1");
                        ps.setString(2, pc);
                        ps.setString(3, "opportunities");
                        ps.setString(4, "full");
                        ps.setString(5, "alice");
                        ps.setString(6, "PENDING");
                        ps.setString(7, now);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "INSERT INTO audit_log (id, at, actor, action, subject,"
                                            + " details_json, request_id) VALUES (?, ?, ?, ?, ?,"
                                            + " ?, ?)")) {
                        ps.setString(1, "al-1");
                        ps.setString(2, now);
                        ps.setString(3, "alice");
                        ps.setString(4, "sync.requested");
                        ps.setString(5, "sr-1");
                        db.dialect().bindJson(ps, 6, "{\"entity\": \"opportunities\"}");
                        ps.setString(7, "req-1");
                        ps.executeUpdate();
                    }
                    return null;
                });
        insertWriteAction("wa-1", "alice", null, "{\"ticketId\": \"T-9\", \"n\": 3}");

        assertThat(rawText("SELECT config_json->>'mode' FROM connectors WHERE id = ?", pc))
                .isEqualTo("hybrid");
        assertThat(rawText("SELECT details_json->>'entity' FROM audit_log WHERE id = ?", "al-1"))
                .isEqualTo("opportunities");
        assertThat(
                        rawText(
                                "SELECT request_json->>'ticketId' FROM write_actions WHERE id = ?",
                                "wa-1"))
                .isEqualTo("T-9");
        assertThat(rawText("SELECT result_json FROM write_actions WHERE id = ?", "wa-1")).isNull();
        assertThat(rawText("SELECT status FROM sync_requests WHERE id = ?", "sr-1"))
                .isEqualTo("PENDING");
    }

    @Test
    void storedTimestampsSortInTimeOrder() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        // Readings that would sort wrongly with Instant.toString() ("...:05Z" > "...:05.1Z").
        IngestionRuns odd =
                new IngestionRuns(
                        db,
                        new SequenceClock(
                                Instant.parse("2025-03-01T08:00:05Z"),
                                Instant.parse("2025-03-01T08:00:05.100Z"),
                                Instant.parse("2025-03-01T08:00:04.999Z"),
                                Instant.parse("2025-03-01T09:00:00Z")));
        String a = odd.start(pc, "j", "AWS", "e", "m");
        String b = odd.start(pc, "j", "AWS", "e", "m");
        String c = odd.start(pc, "j", "AWS", "e", "m");
        String d = odd.start(pc, "j", "AWS", "e", "m");

        assertThat(runs.recent(10)).extracting(IngestionRun::id).containsExactly(d, b, a, c);
        assertThat(runs.healthCheck()).extracting(HealthCheckRow::id).containsExactly(d, b, a, c);
    }

    @Test
    void longErrorsAreCutToTheLimit() {
        String pc = connectors.ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
        String id = runs.start(pc, "job-1", "AWS", "opportunities", "full");
        StringBuilder trace = new StringBuilder();
        while (trace.length() < 20_000) {
            trace.append("at dev.pcw.Something.method(Something.java:42)\n");
        }

        runs.finish(id, RunStatus.FAILED, Stats.ZERO, trace.toString());

        String error = runs.find(id).orElseThrow().error();
        assertThat(error).hasSize(IngestionRuns.MAX_ERROR_CHARS).endsWith("…(truncated)");
    }

    @Test
    void aClosedDatabaseRefusesWork() {
        db.close();

        assertThatThrownBy(() -> connectors.ensure(Connectors.PARTNER_CENTRAL, "PC"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The metadata DB " + db.redactedUrl() + " is closed");
    }

    // ---------------------------------------------------------------------------------------

    void insertWriteAction(String id, String requester, String approver, String requestJson) {
        String now = Timestamps.format(T0);
        db.write(
                "insert write action",
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "INSERT INTO write_actions (id, action, ticket_id, requester,"
                                            + " approver, status, client_token, request_json,"
                                            + " result_json, created_at, updated_at) VALUES (?, ?, ?,"
                                            + " ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, id);
                        ps.setString(2, "create_opportunity");
                        ps.setString(3, "T-1");
                        ps.setString(4, requester);
                        ps.setString(5, approver);
                        ps.setString(6, "PENDING_APPROVAL");
                        ps.setString(7, "token-" + id);
                        db.dialect().bindJson(ps, 8, requestJson);
                        db.dialect().bindJson(ps, 9, null);
                        ps.setString(10, now);
                        ps.setString(11, now);
                        return ps.executeUpdate();
                    }
                });
    }

    List<String> columnsOf(String table) throws SQLException {
        try (Connection c = db.connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnName(i));
            }
            return names;
        }
    }

    long count(String sql) {
        return db.read(
                sql,
                c -> {
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery(sql)) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
    }

    String rawText(String sql, String param) {
        return db.read(
                sql,
                c -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, param);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertThat(rs.next()).as("a row for " + param).isTrue();
                            return rs.getString(1);
                        }
                    }
                });
    }

    /** Runs tasks at once and returns their results; fails on the first exception. */
    static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return task.call();
                                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    @Test
    void jobCursorsKeepTheNewestValuePerJobAndName() {
        JobCursors cursors = new JobCursors(db, clock);
        assertThat(cursors.get("partner-tiers", "announced")).isEmpty();

        cursors.put("partner-tiers", "announced", "17");
        cursors.put("partner-tiers", "announced", "42");
        cursors.put("other", "announced", "1");

        assertThat(cursors.get("partner-tiers", "announced")).contains("42");
        assertThat(cursors.get("other", "announced")).contains("1");
        try (MetadataDb again = openDb()) {
            assertThat(new JobCursors(again, clock).get("partner-tiers", "announced"))
                    .contains("42");
        }
    }
}
