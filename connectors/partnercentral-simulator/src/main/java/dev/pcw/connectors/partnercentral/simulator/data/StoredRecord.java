package dev.pcw.connectors.partnercentral.simulator.data;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One version of one record as the simulator serves it: the body of its Get operation, the item its
 * List operation returns, and the attributes its filters and sorts read. Immutable: a change makes
 * a new version.
 */
public final class StoredRecord {
    private final String id;
    private final long version;
    private final long modifiedMillis;
    private final Map<String, String> attrs;
    private final byte[] detail;
    private final byte[] summary;
    private final byte[] extra;

    StoredRecord(
            String id,
            long version,
            long modifiedMillis,
            Map<String, String> attrs,
            byte[] detail,
            byte[] summary,
            byte[] extra) {
        this.id = id;
        this.version = version;
        this.modifiedMillis = modifiedMillis;
        this.attrs = Collections.unmodifiableMap(new HashMap<>(attrs));
        this.detail = detail;
        this.summary = summary;
        this.extra = extra;
    }

    public String id() {
        return id;
    }

    /** 1 for a generated record, +1 for each change. */
    public long version() {
        return version;
    }

    /** The record's last modification (LastModifiedDate, ModifiedAt, InvitationDate…). */
    public long modifiedMillis() {
        return modifiedMillis;
    }

    /** A filter or sort attribute by its API name (for example {@code Stage}); null if unset. */
    public String attr(String name) {
        return attrs.get(name);
    }

    public Map<String, String> attrs() {
        return attrs;
    }

    /** The Get operation's response body; callers must not modify the array. */
    public byte[] detail() {
        return detail;
    }

    /** The List operation's item; callers must not modify the array. */
    public byte[] summary() {
        return summary;
    }

    /** Entity-specific extra data (an engagement's members); may be null. */
    public byte[] extra() {
        return extra;
    }
}
