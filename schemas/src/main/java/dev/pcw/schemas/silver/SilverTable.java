package dev.pcw.schemas.silver;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * One silver table as {@link SilverTables} defines it: name, Iceberg schema, partition spec, table
 * properties, identifier fields and whether Flink writes it as an upsert.
 *
 * <p>The lake module creates the table from this descriptor through the Iceberg API, for example:
 *
 * <pre>{@code
 * SilverTable t = SilverTables.OPPORTUNITIES;
 * catalog.buildTable(t.identifier(), t.schema())
 *         .withPartitionSpec(t.spec())
 *         .withProperties(t.properties())
 *         .create();
 * }</pre>
 *
 * The schema already carries the identifier fields; a Flink sink writing it sets {@code
 * equalityFieldColumns(t.identifierFieldNames())} and {@code upsert(t.upsert())}.
 */
public final class SilverTable implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String namespace;
    private final String name;
    private final String description;
    private final Schema schema;
    private final PartitionSpec spec;
    private final Map<String, String> properties;
    private final List<String> identifierFieldNames;
    private final boolean upsert;
    private final List<String> columnNames;
    private final Map<String, Integer> columnIndex;

    SilverTable(
            String namespace,
            String name,
            String description,
            Schema schema,
            PartitionSpec spec,
            Map<String, String> properties,
            boolean upsert) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        List<String> ids = new ArrayList<>();
        for (Integer id : schema.identifierFieldIds()) {
            ids.add(schema.findColumnName(id));
        }
        // Schema keeps identifier ids in a set: report them in column order, as declared.
        ids.sort(
                (a, b) ->
                        Integer.compare(
                                schema.findField(a).fieldId(), schema.findField(b).fieldId()));
        this.identifierFieldNames = Collections.unmodifiableList(ids);
        this.upsert = upsert;
        List<String> names = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (Types.NestedField f : schema.columns()) {
            index.put(f.name(), names.size());
            names.add(f.name());
        }
        this.columnNames = Collections.unmodifiableList(names);
        this.columnIndex = Collections.unmodifiableMap(index);
    }

    /** The Glue database / Iceberg namespace, {@value SilverTables#NAMESPACE}. */
    public String namespace() {
        return namespace;
    }

    /** The table name, unqualified (for example {@code partnercentral_opportunities}). */
    public String name() {
        return name;
    }

    /** {@code namespace.name}, as Athena queries it. */
    public String qualifiedName() {
        return namespace + "." + name;
    }

    public TableIdentifier identifier() {
        return TableIdentifier.of(namespace, name);
    }

    /** What the table holds, one sentence (the table comment). */
    public String description() {
        return description;
    }

    public Schema schema() {
        return schema;
    }

    public PartitionSpec spec() {
        return spec;
    }

    /** Iceberg table properties to create the table with (includes {@code format-version}). */
    public Map<String, String> properties() {
        return properties;
    }

    /** The key columns, in column order; empty for tables without a key. */
    public List<String> identifierFieldNames() {
        return identifierFieldNames;
    }

    /** Whether writers upsert on {@link #identifierFieldNames()} (current-state tables). */
    public boolean upsert() {
        return upsert;
    }

    /** Top-level column names in schema order. */
    public List<String> columnNames() {
        return columnNames;
    }

    /** The position of a top-level column, or -1 when the table has no such column. */
    public int columnIndex(String column) {
        Integer i = columnIndex.get(column);
        return i == null ? -1 : i;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
