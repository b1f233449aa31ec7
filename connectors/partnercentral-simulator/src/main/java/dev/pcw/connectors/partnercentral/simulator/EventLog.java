package dev.pcw.connectors.partnercentral.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import dev.pcw.schemas.partnercentral.PartnerCentralEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The Partner Central events the simulator's changes produced, numbered from 1, the newest {@value
 * #CAPACITY} kept; listeners (for example a Kinesis forwarder) see each one as it happens.
 */
public final class EventLog {
    static final int CAPACITY = 100_000;

    private final Deque<ObjectNode> entries = new ArrayDeque<>();
    private final List<Consumer<PartnerCentralEvent>> listeners = new CopyOnWriteArrayList<>();
    private long nextSeq = 1;

    void append(PartnerCentralEvent event) {
        synchronized (this) {
            ObjectNode entry = Json.object();
            entry.put("seq", nextSeq++);
            entry.set("event", event.toJson());
            entries.addLast(entry);
            while (entries.size() > CAPACITY) {
                entries.removeFirst();
            }
        }
        for (Consumer<PartnerCentralEvent> l : listeners) {
            l.accept(event);
        }
    }

    public void addListener(Consumer<PartnerCentralEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<PartnerCentralEvent> listener) {
        listeners.remove(listener);
    }

    /**
     * Entries with a sequence number above {@code afterSeq}, oldest first, at most {@code limit}.
     */
    public synchronized ArrayNode after(long afterSeq, int limit) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ObjectNode e : entries) {
            if (e.path("seq").asLong() > afterSeq && out.size() < limit) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every event still kept, oldest first. */
    public synchronized List<PartnerCentralEvent> events() {
        List<PartnerCentralEvent> out = new ArrayList<>();
        for (ObjectNode e : entries) {
            out.add(PartnerCentralEvent.parse(e.get("event").toString()));
        }
        return out;
    }

    public synchronized long lastSeq() {
        return nextSeq - 1;
    }
}
