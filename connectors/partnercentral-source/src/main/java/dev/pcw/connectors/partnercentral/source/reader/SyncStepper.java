package dev.pcw.connectors.partnercentral.source.reader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.partnercentral.client.ClientStats;
import dev.pcw.connectors.partnercentral.client.PartnerCentralApiException;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.RawResponse;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.connectors.partnercentral.source.SourceSettings;
import dev.pcw.connectors.partnercentral.source.split.PendingItem;
import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.normalize.Normalizers;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advances one split by one unit of work (at most one API call): start a pass, list a page, fetch
 * one record's details, or end the pass. Returns what to emit, each element with the cursor as it
 * stands once that element is emitted.
 *
 * <p>Opportunities sync incrementally: a pass lists with {@code AfterLastModifiedDate} = the
 * watermark (inclusive), oldest first, skips the records already emitted at exactly the watermark,
 * and fetches GetOpportunity for the rest. Solutions are taken from their list (the API has no
 * Get); invitations (as receiver, then as sender) and engagements are listed in full and fetched
 * one by one.
 */
final class SyncStepper {
    private static final Logger LOG = LoggerFactory.getLogger(SyncStepper.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String[] PARTICIPANTS = {"RECEIVER", "SENDER"};
    private static final int BATCH_PER_WORKER = 4;

    /**
     * The fetcher thread was interrupted (the task is stopping): the step is abandoned, the cursor
     * stays where it was, and nothing of it is emitted.
     */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted(Throwable cause) {
            super("interrupted", cause, false, false);
        }
    }

    private final PartnerCentralClient client;
    private final SourceSettings settings;
    private final int detailConcurrency;
    private final java.util.concurrent.ExecutorService executor;

    /** Split id → the records its pass had emitted when its page token was last refused. */
    private final java.util.Map<String, Long> tokenRefusedAt = new java.util.HashMap<>();

    /** A stepper that fetches details one at a time. */
    SyncStepper(PartnerCentralClient client, SourceSettings settings) {
        this(client, settings, null);
    }

    /**
     * @param executor runs up to {@code settings.detailConcurrency()} detail calls at once; null
     *     for one at a time
     */
    SyncStepper(
            PartnerCentralClient client,
            SourceSettings settings,
            java.util.concurrent.ExecutorService executor) {
        this.client = client;
        this.settings = settings;
        this.executor = executor;
        this.detailConcurrency = executor == null ? 1 : settings.detailConcurrency();
    }

    /** True when the split has work now (a pass in progress, or the next one is due). */
    static boolean ready(SyncCursor c, long nowMillis) {
        return c.inPass() || c.nextPassAtMillis() <= nowMillis;
    }

    List<Fetched> step(SyncSplit split, long nowMillis) {
        SyncCursor c = split.cursor();
        if (!c.inPass()) {
            return List.of(startPass(split, nowMillis));
        }
        if (!c.pending().isEmpty()) {
            return split.entity() == PartnerCentralEntity.SOLUTIONS
                    ? listPage(split)
                    : fetchDetail(split);
        }
        if (!c.listingDone()) {
            return listPage(split);
        }
        return List.of(endPass(split, nowMillis));
    }

    private Fetched startPass(SyncSplit split, long now) {
        SyncCursor c = split.cursor();
        boolean incremental =
                split.entity() == PartnerCentralEntity.OPPORTUNITIES && c.watermark() != null;
        String runId =
                RUN_TIME.format(Instant.ofEpochMilli(now))
                        + "-"
                        + split.catalog().toLowerCase(Locale.ROOT)
                        + "-"
                        + split.entity().configName().replace('_', '-')
                        + "-"
                        + UUID.randomUUID().toString().substring(0, 8);
        SyncCursor next =
                c.toBuilder()
                        .runId(runId)
                        .passStartedAtMillis(now)
                        .passAfter(incremental ? c.watermark() : null)
                        .phase(0)
                        .pageToken(null)
                        .listingDone(false)
                        .pending(List.of())
                        .nextKnown(java.util.Map.of())
                        .counters(RunCounters.ZERO)
                        .lastRecord(null, null)
                        // The reader keeps ended runs; a restored cursor's copy is not needed.
                        .endedRuns(List.of())
                        .build();
        RunListener.RunInfo run =
                new RunListener.RunInfo(
                        runId,
                        split.catalog(),
                        split.entity().configName(),
                        mode(split, incremental),
                        Instant.ofEpochMilli(now));
        LOG.info("Starting {}", run);
        return new Fetched(null, next, Fetched.RunEvent.STARTED, run);
    }

    private Fetched endPass(SyncSplit split, long now) {
        SyncCursor c = split.cursor();
        RunListener.RunInfo run =
                new RunListener.RunInfo(
                        c.runId(),
                        split.catalog(),
                        split.entity().configName(),
                        mode(split, c.passAfter() != null),
                        Instant.ofEpochMilli(c.passStartedAtMillis()));
        SyncCursor next =
                c.toBuilder()
                        .runId(null)
                        .pageToken(null)
                        .listingDone(false)
                        .passesCompleted(c.passesCompleted() + 1)
                        .known(fingerprinted(split) ? c.nextKnown() : java.util.Map.of())
                        .fetchedAhead(notBefore(c.fetchedAhead(), c.watermark()))
                        .nextKnown(java.util.Map.of())
                        .nextPassAtMillis(
                                settings.bounded() ? Long.MAX_VALUE : settings.nextPassAfter(now))
                        .build();
        LOG.info("Finished {}: {}", run, c.counters());
        return new Fetched(null, next, Fetched.RunEvent.FINISHED, run);
    }

    // ---------------------------------------------------------------- listing

    private List<Fetched> listPage(SyncSplit split) {
        long[] before = snapshot();
        SyncCursor c = split.cursor();
        RawResponse page;
        try {
            page = fetchPage(split, c);
        } catch (dev.pcw.connectors.partnercentral.client.PartnerCentralApiException e) {
            if (!canListAgain(split, c, e)) {
                throw e;
            }
            // A token that expired (a restore long after its checkpoint, a long pause): the
            // listing starts again at the first page of the pass (and phase). What this pass
            // emitted already is skipped: opportunities below the watermark, invitations and
            // engagements listed with the same fingerprint; only list calls are spent again.
            LOG.warn(
                    "{} {} of {}: the page token was refused ({}); listing again from the first"
                            + " page of this pass, skipping what it emitted",
                    split.catalog(),
                    split.entity().configName(),
                    c.runId(),
                    e.getMessage());
            tokenRefusedAt.put(split.splitId(), c.counters().records());
            c = c.toBuilder().pageToken(null).build();
            page = fetchPage(split, c);
        }
        return applyPage(split, c, page, calls(before), throttled(before));
    }

    /**
     * Whether a list call refused for its page token can start over: the token was refused as such
     * (ValidationException naming NextToken), the entity's already emitted records can be told
     * apart (not solutions, which are emitted from the listing itself), and the pass made progress
     * since a token was last refused (so a token refused for another reason fails the job instead
     * of looping).
     */
    private boolean canListAgain(
            SyncSplit split,
            SyncCursor c,
            dev.pcw.connectors.partnercentral.client.PartnerCentralApiException e) {
        if (c.pageToken() == null
                || split.entity() == PartnerCentralEntity.SOLUTIONS
                || !"ValidationException".equals(e.errorCode())
                || e.getMessage() == null
                || !e.getMessage().contains("NextToken")) {
            return false;
        }
        Long at = tokenRefusedAt.get(split.splitId());
        return at == null || at < c.counters().records();
    }

    private static String itemsMember(PartnerCentralEntity entity) {
        switch (entity) {
            case OPPORTUNITIES:
                return "OpportunitySummaries";
            case SOLUTIONS:
                return "SolutionSummaries";
            case ENGAGEMENT_INVITATIONS:
                return "EngagementInvitationSummaries";
            default:
                return "EngagementSummaryList";
        }
    }

    /** The page the cursor points at (its token, phase and pass filter). */
    private RawResponse fetchPage(SyncSplit split, SyncCursor c) {
        String catalog = split.catalog();
        RawResponse page;
        switch (split.entity()) {
            case OPPORTUNITIES:
                page =
                        client.listOpportunities(
                                catalog,
                                c.passAfter() == null ? null : Instant.parse(c.passAfter()),
                                c.pageToken(),
                                settings.pageSize());
                break;
            case SOLUTIONS:
                page = client.listSolutions(catalog, c.pageToken(), settings.pageSize());
                break;
            case ENGAGEMENT_INVITATIONS:
                page =
                        client.listEngagementInvitations(
                                catalog,
                                PARTICIPANTS[c.phase()],
                                c.pageToken(),
                                settings.pageSize());
                break;
            default:
                page = client.listEngagements(catalog, c.pageToken(), settings.pageSize());
        }
        return page;
    }

    /**
     * Moves the cursor past a listed page: the next token (or phase, or the end of the listing) and
     * the page's records still to fetch; solutions are emitted from the page itself.
     */
    private List<Fetched> applyPage(
            SyncSplit split, SyncCursor c, RawResponse page, long calls, long throttled) {
        String itemsMember = itemsMember(split.entity());
        if (page.isMalformed() || !page.json().path(itemsMember).isArray()) {
            // A page that cannot be read cannot be skipped without losing its records: fail,
            // and let the job restart from the last checkpoint.
            throw new IllegalStateException(
                    page.operation()
                            + " returned a page pcw cannot read ("
                            + (page.isMalformed()
                                    ? page.parseError()
                                    : "no " + itemsMember + " list")
                            + "; request id "
                            + page.requestId()
                            + ")");
        }
        String nextToken =
                page.json().path("NextToken").isTextual()
                        ? page.json().get("NextToken").asText()
                        : null;
        RunCounters counters = c.counters().plus(0, 1, calls, throttled, 0);

        SyncCursor.Builder advanced = c.toBuilder().counters(counters);
        if (nextToken != null) {
            advanced.pageToken(nextToken);
        } else if (split.entity() == PartnerCentralEntity.ENGAGEMENT_INVITATIONS
                && c.phase() == 0) {
            advanced.phase(1).pageToken(null);
        } else {
            advanced.pageToken(null).listingDone(true);
        }

        if (split.entity() == PartnerCentralEntity.SOLUTIONS) {
            return solutionItems(split, page, itemsMember, c, advanced.pending(List.of()).build());
        }

        List<PendingItem> pending = new ArrayList<>();
        // A record that changed while the listing ran is listed again where it now sorts; if its
        // earlier listing still waits for its Get, that Get returns the new version already.
        Set<String> waiting = new HashSet<>();
        for (PendingItem p : c.pending()) {
            waiting.add(p.id());
        }
        Instant watermark = c.watermark() == null ? null : Instant.parse(c.watermark());
        Set<String> atWatermark = new HashSet<>(c.idsAtWatermark());
        boolean fingerprints = fingerprinted(split);
        // Grows without copying what earlier pages listed (100,000 invitations are 1,000 pages).
        dev.pcw.connectors.partnercentral.source.split.FingerprintMap nextKnown =
                dev.pcw.connectors.partnercentral.source.split.FingerprintMap.of(c.nextKnown());
        for (JsonNode item : page.json().get(itemsMember)) {
            String id = item.path("Id").isTextual() ? item.get("Id").asText() : null;
            if (id == null) {
                LOG.warn(
                        "{} item without Id skipped (request id {})",
                        page.operation(),
                        page.requestId());
                continue;
            }
            if (fingerprints) {
                // The API cannot filter these by change: a record whose list item is as the
                // previous pass saw it is not fetched again.
                String fp = fingerprint(split.entity(), item);
                String listedBefore = nextKnown.get(id);
                nextKnown = nextKnown.with(id, fp);
                if (fp.equals(c.known().get(id)) || fp.equals(listedBefore)) {
                    // As the previous pass saw it, or listed (and fetched) already in this one.
                    continue;
                }
            }
            String listed =
                    item.path("LastModifiedDate").isTextual()
                            ? item.get("LastModifiedDate").asText()
                            : null;
            String ahead = c.fetchedAhead().get(id);
            if (ahead != null && listed != null && !isAfter(listed, ahead)) {
                continue; // fetched already at this version or a newer one
            }
            if (waiting.contains(id)) {
                continue; // its pending Get fetches this version or a newer one
            }
            if (split.entity() == PartnerCentralEntity.OPPORTUNITIES
                    && watermark != null
                    && listed != null) {
                Instant t = parseInstant(listed);
                if (t != null
                        && (t.isBefore(watermark)
                                || (t.equals(watermark) && atWatermark.contains(id)))) {
                    continue; // emitted already: the inclusive filter's overlap
                }
            }
            pending.add(new PendingItem(id, listed, 0));
        }
        if (fingerprints) {
            advanced.nextKnown(nextKnown);
        }
        return List.of(Fetched.cursorOnly(advanced.pending(pending).build()));
    }

    private static boolean fingerprinted(SyncSplit split) {
        return fingerprinted(split.entity());
    }

    /** Whether the API cannot filter the entity by change, so passes compare fingerprints. */
    static boolean fingerprinted(PartnerCentralEntity entity) {
        return entity == PartnerCentralEntity.ENGAGEMENT_INVITATIONS
                || entity == PartnerCentralEntity.ENGAGEMENTS;
    }

    /**
     * {@code incremental} when the pass lists from a watermark or, for invitations and engagements,
     * compares with the previous pass's fingerprints (still in the cursor until the pass ends);
     * {@code full} otherwise.
     */
    static String mode(SyncSplit split, boolean fromWatermark) {
        boolean fromFingerprints = fingerprinted(split) && !split.cursor().known().isEmpty();
        return fromWatermark || fromFingerprints ? "incremental" : "full";
    }

    /** Engagements carry ModifiedAt; an invitation's list item changes with its status. */
    private static String fingerprint(PartnerCentralEntity entity, JsonNode item) {
        if (entity == PartnerCentralEntity.ENGAGEMENTS && item.path("ModifiedAt").isTextual()) {
            return item.get("ModifiedAt").asText();
        }
        return Integer.toHexString(item.toString().hashCode());
    }

    /**
     * Solutions come from the list itself. While a page is being emitted the cursor keeps that
     * page's token and the ids still to emit; only its last record moves the cursor on. After a
     * restore mid-page, the page is listed again and only the ids still pending are emitted.
     */
    private List<Fetched> solutionItems(
            SyncSplit split, RawResponse page, String member, SyncCursor c, SyncCursor afterPage) {
        List<String[]> items = rawItems(page.body(), member);
        Set<String> wanted = null;
        if (!c.pending().isEmpty()) {
            wanted = new HashSet<>();
            for (PendingItem p : c.pending()) {
                wanted.add(p.id());
            }
        }
        List<String[]> toEmit = new ArrayList<>();
        for (String[] item : items) {
            if (wanted == null || wanted.contains(item[0])) {
                toEmit.add(item);
            }
        }
        List<Fetched> out = new ArrayList<>();
        RunCounters counters = afterPage.counters();
        for (int i = 0; i < toEmit.size(); i++) {
            BronzeRecord record = bronze(split, c, page, toEmit.get(i)[1], true);
            counters = counters.plus(1, 0, 0, 0, setAside(record) ? 1 : 0);
            String id = toEmit.get(i)[0];
            SyncCursor cursor;
            if (i == toEmit.size() - 1) {
                cursor = afterPage.toBuilder().counters(counters).lastRecord(id, null).build();
            } else {
                List<PendingItem> rest = new ArrayList<>();
                for (String[] r : toEmit.subList(i + 1, toEmit.size())) {
                    rest.add(new PendingItem(r[0], null, 0));
                }
                cursor =
                        c.toBuilder().pending(rest).counters(counters).lastRecord(id, null).build();
            }
            out.add(new Fetched(record, cursor, null, null));
        }
        if (out.isEmpty()) {
            out.add(Fetched.cursorOnly(afterPage));
        }
        return out;
    }

    // ---------------------------------------------------------------- details

    /**
     * Fetches the details of the next pending records, up to {@code detailConcurrency} at once
     * (each call still waits for the quota governor), and emits them in listing order, each with
     * the cursor as it stands once that record is emitted. Calls run concurrently because one at a
     * time cannot use the quota: at AWS's latency a single caller makes far fewer than 10 calls a
     * second.
     */
    private List<Fetched> fetchDetail(SyncSplit split) {
        SyncCursor c = split.cursor();
        // Several calls per worker, so the wait for a batch's slowest call is spread thin.
        int n = Math.min(c.pending().size(), Math.max(1, detailConcurrency * BATCH_PER_WORKER));
        List<PendingItem> batch = c.pending().subList(0, n);
        long[] before = snapshot();
        List<RawResponse> responses = new ArrayList<>(n);
        // When this batch drains the page, list the next page at the same time: a page waited
        // for alone leaves the quota idle for one call's latency.
        boolean prefetch = executor != null && n == c.pending().size() && !c.listingDone();
        java.util.concurrent.Future<RawResponse> nextPage =
                prefetch ? executor.submit(() -> fetchPage(split, c)) : null;
        if (n == 1 || executor == null) {
            for (PendingItem item : batch) {
                responses.add(detail(split, item));
            }
        } else {
            List<java.util.concurrent.Future<RawResponse>> futures = new ArrayList<>(n);
            for (PendingItem item : batch) {
                futures.add(executor.submit(() -> detail(split, item)));
            }
            for (java.util.concurrent.Future<RawResponse> f : futures) {
                try {
                    responses.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(x -> x.cancel(true));
                    if (nextPage != null) {
                        nextPage.cancel(true);
                    }
                    throw new Interrupted(e);
                } catch (java.util.concurrent.ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (nextPage != null) {
                        nextPage.cancel(true);
                    }
                    if (e.getCause() instanceof RuntimeException) {
                        throw (RuntimeException) e.getCause();
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        RawResponse prefetched = nextPage == null ? null : await(nextPage);
        // The batch's calls are counted with its first record: after a restore mid-batch, the
        // records fetched again are counted again, as AWS counts them.
        long batchCalls = calls(before);
        long batchThrottled = throttled(before);
        List<Fetched> out = new ArrayList<>(n);
        List<PendingItem> summaries = new ArrayList<>();
        SyncCursor cursor = c;
        for (int i = 0; i < n; i++) {
            PendingItem item = batch.get(i);
            RawResponse r = responses.get(i);
            if (item.step() == 0
                    && r != null
                    && settings.fetchAwsSummary()
                    && split.entity() == PartnerCentralEntity.OPPORTUNITIES) {
                summaries.add(item.nextStep());
            }
            List<PendingItem> pending = new ArrayList<>(summaries);
            pending.addAll(c.pending().subList(i + 1, c.pending().size()));
            SyncCursor.Builder next = cursor.toBuilder().pending(pending);
            if (item.step() == 0 && split.entity() == PartnerCentralEntity.OPPORTUNITIES) {
                advanceWatermark(cursor, item, next);
            }
            if (item.step() == 0 && r != null) {
                next.lastRecord(item.id(), item.listedModified());
                if (split.entity() == PartnerCentralEntity.OPPORTUNITIES) {
                    trackFetchedAhead(cursor, item, r, next);
                }
            }
            BronzeRecord record =
                    r == null ? null : bronze(split, c, r, r.bodyText(), !r.isMalformed());
            next.counters(
                    cursor.counters()
                            .plus(
                                    r == null ? 0 : 1,
                                    0,
                                    i == 0 ? batchCalls : 0,
                                    i == 0 ? batchThrottled : 0,
                                    record != null && setAside(record) ? 1 : 0));
            cursor = next.build();
            out.add(
                    record == null
                            ? Fetched.cursorOnly(cursor)
                            : new Fetched(record, cursor, null, null));
        }
        if (prefetched != null) {
            out.addAll(applyPage(split, cursor, prefetched, 0, 0));
        }
        return out;
    }

    private static RawResponse await(java.util.concurrent.Future<RawResponse> page) {
        try {
            return page.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            page.cancel(true);
            throw new Interrupted(e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One detail call; null when the record is gone (or its AWS summary does not exist). */
    private RawResponse detail(SyncSplit split, PendingItem item) {
        try {
            if (item.step() == 1) {
                return client.getAwsOpportunitySummary(split.catalog(), item.id());
            }
            switch (split.entity()) {
                case OPPORTUNITIES:
                    return client.getOpportunity(split.catalog(), item.id());
                case ENGAGEMENT_INVITATIONS:
                    return client.getEngagementInvitation(split.catalog(), item.id());
                default:
                    return client.getEngagement(split.catalog(), item.id());
            }
        } catch (PartnerCentralApiException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            // Gone since it was listed (or, for the AWS summary, not submitted yet): nothing to
            // emit, move on.
            LOG.debug("{} {} not found; skipped", e.operation(), item.id());
            return null;
        }
    }

    /**
     * Remembers an opportunity fetched at a newer version than its list item showed (it changed
     * between list and get), so that meeting it again in a listing at that version fetches nothing.
     */
    private static void trackFetchedAhead(
            SyncCursor c, PendingItem item, RawResponse r, SyncCursor.Builder next) {
        String fetched =
                r.json() != null && r.json().path("LastModifiedDate").isTextual()
                        ? r.json().get("LastModifiedDate").asText()
                        : null;
        boolean ahead =
                fetched != null
                        && item.listedModified() != null
                        && isAfter(fetched, item.listedModified());
        if (ahead || c.fetchedAhead().containsKey(item.id())) {
            java.util.Map<String, String> m = new java.util.TreeMap<>(c.fetchedAhead());
            if (ahead) {
                m.put(item.id(), fetched);
            } else {
                m.remove(item.id());
            }
            next.fetchedAhead(m);
        }
    }

    /** The entries of {@code ahead} a listing from {@code watermark} can still meet. */
    private static java.util.Map<String, String> notBefore(
            java.util.Map<String, String> ahead, String watermark) {
        if (ahead.isEmpty() || watermark == null) {
            return ahead;
        }
        java.util.Map<String, String> kept = new java.util.TreeMap<>();
        ahead.forEach(
                (id, t) -> {
                    if (!isAfter(watermark, t)) {
                        kept.put(id, t);
                    }
                });
        return kept;
    }

    /** Whether ISO-8601 instant {@code a} is after {@code b} (false when either is unreadable). */
    private static boolean isAfter(String a, String b) {
        Instant x = parseInstant(a);
        Instant y = parseInstant(b);
        return x != null && y != null && x.isAfter(y);
    }

    private static void advanceWatermark(SyncCursor c, PendingItem head, SyncCursor.Builder next) {
        Instant listed = head.listedModified() == null ? null : parseInstant(head.listedModified());
        if (listed == null) {
            return;
        }
        Instant w = c.watermark() == null ? null : Instant.parse(c.watermark());
        if (w == null || listed.isAfter(w)) {
            next.watermark(listed.toString()).idsAtWatermark(List.of(head.id()));
        } else if (listed.equals(w) && !c.idsAtWatermark().contains(head.id())) {
            List<String> ids = new ArrayList<>(c.idsAtWatermark());
            ids.add(head.id());
            next.idsAtWatermark(ids);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Whether the job's normalizer will set this record aside as a dead letter: the same pure code,
     * run here so that a run's {@code dead_letters} (in its checkpointed counters, then in {@code
     * ingestion_runs} and its run-completed event) counts exactly what the {@code dead_letters}
     * table holds of it. Microseconds per record, against a call of tens of milliseconds.
     */
    static boolean setAside(BronzeRecord record) {
        return Normalizers.handles(record.operation())
                && Normalizers.normalize(record, record.fetchedAt()).isDeadLetter();
    }

    /** A record as fetched, stamped with the instant its answer arrived (see RawResponse). */
    private BronzeRecord bronze(
            SyncSplit split, SyncCursor c, RawResponse r, String payload, boolean json) {
        return new BronzeRecord(
                c.runId(),
                split.entity().configName(),
                split.catalog(),
                r.operation(),
                r.requestId(),
                r.receivedAt(),
                payload,
                json);
    }

    /** Each list item's id and its exact text as sent (sliced from the body, not rewritten). */
    static List<String[]> rawItems(byte[] body, String member) {
        List<String[]> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken value = p.nextToken();
                if (!member.equals(field) || value != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    int start = (int) p.getTokenLocation().getByteOffset();
                    String id = null;
                    int depth = 0;
                    while (true) {
                        JsonToken t = p.nextToken();
                        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            depth++;
                        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                            if (depth == 0) {
                                break;
                            }
                            depth--;
                        } else if (depth == 0
                                && t == JsonToken.FIELD_NAME
                                && "Id".equals(p.getCurrentName())) {
                            if (p.nextToken() == JsonToken.VALUE_STRING) {
                                id = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    int end = (int) p.getCurrentLocation().getByteOffset();
                    out.add(
                            new String[] {
                                id == null ? "" : id,
                                new String(body, start, end - start, StandardCharsets.UTF_8)
                            });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read list page", e);
        }
        return out;
    }

    private long[] snapshot() {
        ClientStats s = client.stats();
        return new long[] {s.totalCalls(), s.throttled()};
    }

    private long calls(long[] before) {
        return client.stats().totalCalls() - before[0];
    }

    private long throttled(long[] before) {
        return client.stats().throttled() - before[1];
    }

    private static Instant parseInstant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
