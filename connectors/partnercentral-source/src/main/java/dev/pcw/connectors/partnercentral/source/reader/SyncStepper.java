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

    private final PartnerCentralClient client;
    private final SourceSettings settings;

    SyncStepper(PartnerCentralClient client, SourceSettings settings) {
        this.client = client;
        this.settings = settings;
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
                    ? listPage(split, nowMillis)
                    : fetchDetail(split, nowMillis);
        }
        if (!c.listingDone()) {
            return listPage(split, nowMillis);
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
                        .counters(RunCounters.ZERO)
                        .build();
        RunListener.RunInfo run =
                new RunListener.RunInfo(
                        runId,
                        split.catalog(),
                        split.entity().configName(),
                        incremental ? "incremental" : "full",
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
                        c.passAfter() != null ? "incremental" : "full",
                        Instant.ofEpochMilli(c.passStartedAtMillis()));
        SyncCursor next =
                c.toBuilder()
                        .runId(null)
                        .pageToken(null)
                        .listingDone(false)
                        .passesCompleted(c.passesCompleted() + 1)
                        .nextPassAtMillis(
                                settings.bounded() ? Long.MAX_VALUE : settings.nextPassAfter(now))
                        .build();
        LOG.info("Finished {}: {}", run, c.counters());
        return new Fetched(null, next, Fetched.RunEvent.FINISHED, run);
    }

    // ---------------------------------------------------------------- listing

    private List<Fetched> listPage(SyncSplit split, long now) {
        SyncCursor c = split.cursor();
        String catalog = split.catalog();
        long[] before = snapshot();
        RawResponse page;
        String itemsMember;
        switch (split.entity()) {
            case OPPORTUNITIES:
                page =
                        client.listOpportunities(
                                catalog,
                                c.passAfter() == null ? null : Instant.parse(c.passAfter()),
                                c.pageToken(),
                                settings.pageSize());
                itemsMember = "OpportunitySummaries";
                break;
            case SOLUTIONS:
                page = client.listSolutions(catalog, c.pageToken(), settings.pageSize());
                itemsMember = "SolutionSummaries";
                break;
            case ENGAGEMENT_INVITATIONS:
                page =
                        client.listEngagementInvitations(
                                catalog,
                                PARTICIPANTS[c.phase()],
                                c.pageToken(),
                                settings.pageSize());
                itemsMember = "EngagementInvitationSummaries";
                break;
            default:
                page = client.listEngagements(catalog, c.pageToken(), settings.pageSize());
                itemsMember = "EngagementSummaryList";
        }
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
        RunCounters counters =
                c.counters().plus(0, 1, 0, 0, 0).plus(0, 0, calls(before), throttled(before), 0);

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
            return solutionItems(
                    split, page, itemsMember, c, advanced.pending(List.of()).build(), now);
        }

        List<PendingItem> pending = new ArrayList<>();
        Instant watermark = c.watermark() == null ? null : Instant.parse(c.watermark());
        Set<String> atWatermark = new HashSet<>(c.idsAtWatermark());
        for (JsonNode item : page.json().get(itemsMember)) {
            String id = item.path("Id").isTextual() ? item.get("Id").asText() : null;
            if (id == null) {
                LOG.warn(
                        "{} item without Id skipped (request id {})",
                        page.operation(),
                        page.requestId());
                continue;
            }
            String listed =
                    item.path("LastModifiedDate").isTextual()
                            ? item.get("LastModifiedDate").asText()
                            : null;
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
        return List.of(Fetched.cursorOnly(advanced.pending(pending).build()));
    }

    /**
     * Solutions come from the list itself. While a page is being emitted the cursor keeps that
     * page's token and the ids still to emit; only its last record moves the cursor on. After a
     * restore mid-page, the page is listed again and only the ids still pending are emitted.
     */
    private List<Fetched> solutionItems(
            SyncSplit split,
            RawResponse page,
            String member,
            SyncCursor c,
            SyncCursor afterPage,
            long now) {
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
            counters = counters.plus(1, 0, 0, 0, 0);
            SyncCursor cursor;
            if (i == toEmit.size() - 1) {
                cursor = afterPage.toBuilder().counters(counters).build();
            } else {
                List<PendingItem> rest = new ArrayList<>();
                for (String[] r : toEmit.subList(i + 1, toEmit.size())) {
                    rest.add(new PendingItem(r[0], null, 0));
                }
                cursor = c.toBuilder().pending(rest).counters(counters).build();
            }
            out.add(
                    new Fetched(
                            bronze(split, c, page, toEmit.get(i)[1], true, now),
                            cursor,
                            null,
                            null));
        }
        if (out.isEmpty()) {
            out.add(Fetched.cursorOnly(afterPage));
        }
        return out;
    }

    // ---------------------------------------------------------------- details

    private List<Fetched> fetchDetail(SyncSplit split, long now) {
        SyncCursor c = split.cursor();
        PendingItem head = c.pending().get(0);
        long[] before = snapshot();
        RawResponse r;
        String operation;
        try {
            if (head.step() == 1) {
                operation = "GetAwsOpportunitySummary";
                r = client.getAwsOpportunitySummary(split.catalog(), head.id());
            } else {
                switch (split.entity()) {
                    case OPPORTUNITIES:
                        operation = "GetOpportunity";
                        r = client.getOpportunity(split.catalog(), head.id());
                        break;
                    case ENGAGEMENT_INVITATIONS:
                        operation = "GetEngagementInvitation";
                        r = client.getEngagementInvitation(split.catalog(), head.id());
                        break;
                    default:
                        operation = "GetEngagement";
                        r = client.getEngagement(split.catalog(), head.id());
                }
            }
        } catch (PartnerCentralApiException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            // Gone since it was listed (or, for the AWS summary, not submitted yet): nothing to
            // emit, move on.
            LOG.debug("{} {} not found; skipped", e.operation(), head.id());
            r = null;
            operation = e.operation();
        }
        List<PendingItem> rest = new ArrayList<>(c.pending().subList(1, c.pending().size()));
        boolean summaryNext =
                head.step() == 0
                        && settings.fetchAwsSummary()
                        && split.entity() == PartnerCentralEntity.OPPORTUNITIES
                        && r != null;
        if (summaryNext) {
            rest.add(0, head.nextStep());
        }
        SyncCursor.Builder next = c.toBuilder().pending(rest);
        if (head.step() == 0 && split.entity() == PartnerCentralEntity.OPPORTUNITIES) {
            advanceWatermark(c, head, next);
        }
        long emitted = r == null ? 0 : 1;
        long malformed = r != null && r.isMalformed() ? 1 : 0;
        next.counters(c.counters().plus(emitted, 0, calls(before), throttled(before), malformed));
        SyncCursor cursor = next.build();
        if (r == null) {
            return List.of(Fetched.cursorOnly(cursor));
        }
        return List.of(
                new Fetched(
                        bronze(split, c, r, r.bodyText(), !r.isMalformed(), now),
                        cursor,
                        null,
                        null));
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

    private BronzeRecord bronze(
            SyncSplit split, SyncCursor c, RawResponse r, String payload, boolean json, long now) {
        return new BronzeRecord(
                c.runId(),
                split.entity().configName(),
                split.catalog(),
                r.operation(),
                r.requestId(),
                Instant.ofEpochMilli(now),
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
