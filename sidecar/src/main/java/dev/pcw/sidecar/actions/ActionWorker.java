package dev.pcw.sidecar.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.metadata.AuditLog;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.WriteActions;
import dev.pcw.connectors.metadata.WritePacing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes approved actions, one at a time per worker, any number of workers (sidecar replicas) per
 * metadata DB. An action is claimed for a lease by one UPDATE that only one worker can win; its
 * ClientToken was stored with it before anything was sent; each call waits for a slot of the write
 * quota shared through the metadata DB ({@link WritePacing}). A worker killed at any point leaves
 * its claim to expire: the next worker reads the record first (or sends the same token again), so
 * Partner Central sees each write once. Every claim, result and wait is an audit row, committed
 * with the state change it records.
 */
public final class ActionWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActionWorker.class);

    /**
     * Test-only pause points for a crash test: with {@code PCW_TEST_HALT_AT=before-call} the
     * process halts right after it claimed an action and reserved its slot, before the call; with
     * {@code after-call} right after Partner Central answered, before the result is stored.
     */
    private static final String HALT_AT = System.getenv("PCW_TEST_HALT_AT");

    /** Executions that fail without an answer before the action fails. */
    static final int MAX_ATTEMPTS = 12;

    /** Settings of a worker. */
    public static final class Settings {
        final Duration lease;
        final Duration poll;
        final Duration reviewRecheck;
        final Duration taskPoll;
        final double writeRate;
        final long writeDaily;

        /**
         * @param lease how long a claim holds; a killed worker's actions wait this long
         * @param poll how often an idle worker looks for work
         * @param reviewRecheck how often an update waiting for a review reads the opportunity
         * @param taskPoll how often an engagement task is followed
         * @param writeRate the account's writes per second, shared by every worker (0: none)
         * @param writeDaily the account's writes per rolling 24 h (0: none)
         */
        public Settings(
                Duration lease,
                Duration poll,
                Duration reviewRecheck,
                Duration taskPoll,
                double writeRate,
                long writeDaily) {
            this.lease = lease;
            this.poll = poll;
            this.reviewRecheck = reviewRecheck;
            this.taskPoll = taskPoll;
            this.writeRate = writeRate;
            this.writeDaily = writeDaily;
        }

        /** The account's writes per second this worker keeps to, with every other worker. */
        public double writeRate() {
            return writeRate;
        }

        /** The account's writes per rolling 24 h. */
        public long writeDaily() {
            return writeDaily;
        }

        /** A 60 s lease, a 250 ms poll, reviews re-read every minute, tasks every 2 s. */
        public static Settings defaults(double writeRate, long writeDaily) {
            return new Settings(
                    Duration.ofSeconds(60),
                    Duration.ofMillis(250),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(2),
                    writeRate,
                    writeDaily);
        }
    }

    private final MetadataDb db;
    private final WriteActions actions;
    private final AuditLog audit;
    private final WritePacing pacing;
    private final ActionExecutor executor;
    private final String connectorId;
    private final Settings settings;
    private final Clock clock;
    private final String worker;
    private ScheduledExecutorService thread;

    /** Polls since start: dead workers' claims are looked for every twentieth. */
    private long sweeps;

    /** When the spent daily budget frees a slot (set on the worker's thread). */
    private Instant budgetFreesAt;

    public ActionWorker(
            MetadataDb db,
            ActionService service,
            dev.pcw.connectors.partnercentral.client.PartnerCentralClient client,
            String connectorId,
            Settings settings,
            Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.actions = service.actions();
        this.audit = service.audit();
        this.pacing = new WritePacing(db, clock);
        this.executor = new ActionExecutor(client);
        this.connectorId = Objects.requireNonNull(connectorId, "connectorId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.worker =
                "worker-"
                        + UUID.randomUUID().toString().substring(0, 8)
                        + " (pid "
                        + ProcessHandle.current().pid()
                        + " on "
                        + host()
                        + ")";
    }

    /** This worker's name, as claims and audit rows carry it. */
    public String name() {
        return worker;
    }

    /** Starts executing in a thread of its own. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "pcw-action-worker");
                            t.setDaemon(true);
                            return t;
                        });
        thread.scheduleWithFixedDelay(
                this::drain, 0, settings.poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void drain() {
        try {
            if (sweeps++ % 20 == 0) {
                releaseClaimsOfDeadWorkers();
            }
            while (!Thread.currentThread().isInterrupted() && runOnce()) {
                // one action after another while there is work
            }
        } catch (RuntimeException e) {
            LOG.warn("action worker: {} (trying again shortly)", e.getMessage());
        }
    }

    private static final java.util.regex.Pattern PID_ON_HOST =
            java.util.regex.Pattern.compile("\\(pid (\\d+) on ([^)]+)\\)");

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** A worker of a process of this machine that no longer runs. */
    static boolean goneFromThisMachine(String worker) {
        java.util.regex.Matcher m = PID_ON_HOST.matcher(worker);
        if (!m.find() || !m.group(2).equals(host())) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != ProcessHandle.current().pid()
                && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Takes back the claims of workers whose process, on this machine, is gone (killed or crashed):
     * their actions are due at once instead of when the lease ends. Claims of other machines'
     * workers wait for their lease.
     */
    int releaseClaimsOfDeadWorkers() {
        Instant now = clock.instant();
        int released = 0;
        for (Map.Entry<String, String> e : actions.claimed(now).entrySet()) {
            if (e.getValue().equals(worker) || !goneFromThisMachine(e.getValue())) {
                continue;
            }
            boolean done =
                    db.write(
                            "Releasing a dead worker's claim of " + e.getKey(),
                            c -> {
                                if (!actions.releaseClaim(c, e.getKey(), e.getValue(), now)) {
                                    return false;
                                }
                                WriteActions.Action a = actions.lock(c, e.getKey()).orElseThrow();
                                audit.append(
                                        c,
                                        ActionService.SERVICE,
                                        "action.claim_released",
                                        a.id,
                                        a.ticketId,
                                        "released",
                                        null,
                                        Map.of(
                                                "dead_worker",
                                                e.getValue(),
                                                "by",
                                                worker,
                                                "reason",
                                                "its process no longer runs; the action"
                                                        + " resumes with the same"
                                                        + " ClientToken"));
                                return true;
                            });
            if (done) {
                LOG.warn(
                        "action {}: its worker {} is gone; carrying it on",
                        e.getKey(),
                        e.getValue());
                released++;
            }
        }
        return released;
    }

    /**
     * Claims and executes one due action.
     *
     * @return whether there was one
     */
    public boolean runOnce() {
        Instant now = clock.instant();
        for (String id : actions.due(now, 10)) {
            Optional<WriteActions.Action> claimed =
                    db.write(
                            "Claiming write action " + id,
                            c -> {
                                Optional<WriteActions.Action> a =
                                        actions.claim(c, id, worker, now, now.plus(settings.lease));
                                if (a.isPresent() && logsClaim(a.get())) {
                                    Map<String, Object> d = new LinkedHashMap<>();
                                    d.put("worker", worker);
                                    d.put("attempt", a.get().attempts);
                                    d.put("client_token", a.get().clientToken);
                                    audit.append(
                                            c,
                                            ActionService.SERVICE,
                                            "action.execution_started",
                                            id,
                                            a.get().ticketId,
                                            "attempt " + a.get().attempts,
                                            null,
                                            d);
                                }
                                return a;
                            });
            if (claimed.isPresent()) {
                execute(claimed.get());
                return true;
            }
        }
        return false;
    }

    /** Follow-ups (a task, a review) are not each an audit row: only real starts are. */
    private static boolean logsClaim(WriteActions.Action a) {
        if (a.resultJson == null) {
            return true;
        }
        ObjectNode r = ActionRequests.parse(a.resultJson);
        return !r.has("task_id") && !r.has("waited_for_review");
    }

    private void execute(WriteActions.Action a) {
        ObjectNode previous = a.resultJson == null ? null : ActionRequests.parse(a.resultJson);
        ActionExecutor.Result r;
        try {
            r = executor.execute(a, previous, () -> beforeCall(a));
        } catch (BudgetSpent e) {
            r =
                    new ActionExecutor.Result(
                            ActionExecutor.Kind.WAIT_FOR_BUDGET, e.getMessage(), previous, null);
            budgetFreesAt = e.until;
        } catch (RuntimeException e) {
            LOG.warn("action {}: {}", a.id, e.toString());
            r =
                    new ActionExecutor.Result(
                            ActionExecutor.Kind.RETRY, "failed before an answer: " + e, null, null);
        }
        if ("after-call".equals(HALT_AT) && r.awsRequestId != null) {
            halt("once Partner Central answered for action " + a.id);
        }
        record(a, r);
    }

    /** Reserves the call's slot of the shared write quota, then waits for it. */
    private void beforeCall(WriteActions.Action a) {
        while (true) {
            WritePacing.Slot slot =
                    pacing.reserve(connectorId, settings.writeRate, settings.writeDaily);
            Instant until = slot.granted() ? slot.at : slot.budgetFreesAt;
            long wait = Duration.between(clock.instant(), until).toMillis();
            if (wait > settings.lease.toMillis() / 2) {
                // The day's budget is spent: give the claim back and come back later.
                throw new BudgetSpent(until);
            }
            sleep(wait);
            if (slot.granted()) {
                break;
            }
        }
        if ("before-call".equals(HALT_AT)) {
            halt("before calling Partner Central for action " + a.id);
        }
    }

    /** Thrown when the day's write budget is spent. */
    private static final class BudgetSpent extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Instant until;

        BudgetSpent(Instant until) {
            super("the day's write budget is spent until " + until, null, false, false);
            this.until = until;
        }
    }

    private void record(WriteActions.Action a, ActionExecutor.Result r) {
        Instant now = clock.instant();
        db.write(
                "Recording the execution of " + a.id,
                c -> {
                    Map<String, Object> changes = new LinkedHashMap<>();
                    changes.put("claimed_by", null);
                    changes.put("claimed_until", null);
                    String to;
                    String event;
                    String outcome;
                    boolean audited = true;
                    switch (r.kind) {
                        case SUCCEEDED:
                            to = WriteActions.SUCCEEDED;
                            event = "action.executed";
                            outcome = "succeeded";
                            changes.put("error", null);
                            break;
                        case FAILED:
                            to = WriteActions.FAILED;
                            event = "action.executed";
                            outcome = "failed";
                            changes.put("error", r.message);
                            break;
                        case STALE:
                            to = WriteActions.STALE;
                            event = "action.stale";
                            outcome = "stale";
                            changes.put("error", r.message);
                            break;
                        case WAIT_FOR_REVIEW:
                            to = WriteActions.WAITING_FOR_REVIEW;
                            event = "action.waiting_for_review";
                            outcome = "waiting";
                            audited = !WriteActions.WAITING_FOR_REVIEW.equals(previousStatus(a));
                            changes.put("next_attempt_at", now.plus(settings.reviewRecheck));
                            break;
                        case WAIT_FOR_BUDGET:
                            to = WriteActions.EXECUTING;
                            event = "action.waiting_for_budget";
                            outcome = "waiting";
                            changes.put("next_attempt_at", budgetFreesAt);
                            break;
                        case FOLLOW_TASK:
                            to = WriteActions.EXECUTING;
                            event = "action.task_started";
                            outcome = "in_progress";
                            audited = r.awsRequestId != null;
                            changes.put("next_attempt_at", now.plus(settings.taskPoll));
                            break;
                        default:
                            boolean last = a.attempts >= MAX_ATTEMPTS;
                            to = last ? WriteActions.FAILED : WriteActions.EXECUTING;
                            event = last ? "action.executed" : "action.retry";
                            outcome = last ? "failed" : "retry";
                            changes.put("error", r.message);
                            changes.put(
                                    "next_attempt_at",
                                    now.plus(
                                            Duration.ofSeconds(
                                                    Math.min(60, 1L << Math.min(a.attempts, 6)))));
                    }
                    if (r.result != null) {
                        ObjectNode result = r.result.deepCopy();
                        if (r.awsRequestId != null) {
                            // The request id AWS gave the call, for AWS support.
                            result.put("aws_request_id", r.awsRequestId);
                        }
                        changes.put("result_json", result.toString());
                    }
                    boolean moved =
                            actions.transition(
                                    c, a.id, Set.of(WriteActions.EXECUTING), to, now, changes);
                    if (moved && audited) {
                        Map<String, Object> d = new LinkedHashMap<>();
                        d.put("worker", worker);
                        d.put("attempt", a.attempts);
                        d.put("message", r.message);
                        if (r.awsRequestId != null) {
                            d.put("aws_request_id", r.awsRequestId);
                        }
                        if (r.result != null) {
                            d.put("result", ActionRequests.JSON.convertValue(r.result, Map.class));
                        }
                        audit.append(
                                c,
                                ActionService.SERVICE,
                                event,
                                a.id,
                                a.ticketId,
                                outcome,
                                null,
                                d);
                    }
                    return null;
                });
    }

    /** The status before this claim (the claim sets executing), as far as the result tells. */
    private static String previousStatus(WriteActions.Action a) {
        if (a.resultJson != null
                && ActionRequests.parse(a.resultJson).path("waited_for_review").asBoolean()) {
            return WriteActions.WAITING_FOR_REVIEW;
        }
        return WriteActions.APPROVED;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a write slot", e);
        }
    }

    private static void halt(String where) {
        System.out.println("pcw-test: halting " + where);
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
