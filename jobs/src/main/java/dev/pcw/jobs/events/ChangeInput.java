package dev.pcw.jobs.events;

import dev.pcw.schemas.silver.SilverRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * One normalized row on its way to the change detector: its key ({@code table|catalog|id}) and the
 * row itself, Java-serialized (a {@link SilverRow} holds unmodifiable maps that Kryo cannot
 * rebuild). A Flink POJO, so Flink serializes it without Kryo.
 */
public final class ChangeInput {
    /** {@code table|catalog|id}: the change detector's key. */
    public String key;

    /** The row, Java-serialized. */
    public byte[] row;

    public ChangeInput() {}

    /** The input for {@code row}, which must have a catalog and an id. */
    public static ChangeInput of(SilverRow row) {
        ChangeInput in = new ChangeInput();
        in.key = keyOf(row);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        in.row = bytes.toByteArray();
        return in;
    }

    /** The key of {@code row}: table, catalog and id joined by {@code |}. */
    public static String keyOf(SilverRow row) {
        return row.table() + "|" + row.get("catalog") + "|" + row.get("id");
    }

    /** The row back. */
    public SilverRow silverRow() {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(row))) {
            return (SilverRow) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
