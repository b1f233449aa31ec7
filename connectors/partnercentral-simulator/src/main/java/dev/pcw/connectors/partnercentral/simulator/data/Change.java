package dev.pcw.connectors.partnercentral.simulator.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.partnercentral.PartnerCentralEvent;

/** One change the simulator made to a record, and the Partner Central event it produced. */
public final class Change {
    private final String catalog;
    private final PartnerCentralEntity entity;
    private final String id;
    private final String kind;
    private final StoredRecord record;
    private final PartnerCentralEvent event;

    Change(
            String catalog,
            PartnerCentralEntity entity,
            String id,
            String kind,
            StoredRecord record,
            PartnerCentralEvent event) {
        this.catalog = catalog;
        this.entity = entity;
        this.id = id;
        this.kind = kind;
        this.record = record;
        this.event = event;
    }

    public String catalog() {
        return catalog;
    }

    public PartnerCentralEntity entity() {
        return entity;
    }

    public String id() {
        return id;
    }

    /** What changed: {@code created}, {@code stage}, {@code review}, {@code spend}, … */
    public String kind() {
        return kind;
    }

    public StoredRecord record() {
        return record;
    }

    /** The event Partner Central publishes for this change, or null when it publishes none. */
    public PartnerCentralEvent event() {
        return event;
    }

    /** The change as the admin API reports it. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("catalog", catalog);
        n.put("entity", entity.configName());
        n.put("id", id);
        n.put("kind", kind);
        n.put("version", record.version());
        n.put("modified", Json.dateTime(record.modifiedMillis()));
        if (event != null) {
            n.set("event", event.toJson());
        }
        return n;
    }
}
