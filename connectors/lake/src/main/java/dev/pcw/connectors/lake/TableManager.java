package dev.pcw.connectors.lake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates silver tables through the Iceberg API and keeps existing ones in line with their
 * definition (schema, partition spec, properties, identifier fields), so that every job and the CLI
 * can call {@link #ensureTable} at start-up.
 *
 * <p>What {@code ensureTable} does:
 *
 * <ul>
 *   <li>Absent table: creates its namespace and the table, format version 2.
 *   <li>Present table: adds missing columns (as optional, with {@code
 *       updateSchema().unionByNameWith}), widens types Iceberg can widen (int to long, float to
 *       double, decimal precision), makes required columns optional when the definition says so,
 *       sets missing or different properties, and sets identifier fields on a table that has none.
 *       It never drops or renames a column, never narrows a type, and never changes a partition
 *       spec: those fail with a message naming the table and the column.
 *   <li>Nothing to change: no commit, so calling it on every start is free and idempotent.
 *   <li>Two callers at once: the loser of a create race (or of a schema commit) re-loads the table
 *       and verifies it.
 * </ul>
 *
 * <p>Upsert: a table with identifier fields is an upsert (current-state) table and gets {@code
 * write.upsert.enabled=true}, unless the properties say {@code write.upsert.enabled=false} (an
 * append-only history table that still declares its key). An upsert table must be partitioned by
 * identifier columns only, as Flink's upsert writer requires.
 */
public final class TableManager {
    private static final Logger LOG = LoggerFactory.getLogger(TableManager.class);

    /** Table property of the Iceberg format version; silver tables use {@value #FORMAT_V2}. */
    public static final String FORMAT_VERSION = "format-version";

    public static final String FORMAT_V2 = "2";

    /** Table property that makes Iceberg's Flink sink upsert by the identifier fields. */
    public static final String UPSERT_ENABLED = "write.upsert.enabled";

    private static final int COMMIT_ATTEMPTS = 4;

    private TableManager() {}

    /**
     * Creates the table when absent, or verifies and evolves it when present (see the class
     * javadoc).
     *
     * @param catalog an open catalog
     * @param identifier the table, e.g. {@code pcw_silver.partnercentral_opportunities}
     * @param schema the table's columns; field ids only need to be consistent with {@code spec}
     * @param spec the partition spec, built on {@code schema} ({@link
     *     PartitionSpec#unpartitioned()} for none)
     * @param properties table properties; {@code format-version} may be absent or {@code 2}
     * @param identifierFields the key columns (required, top-level or in structs); empty for an
     *     append-only table without key
     * @return the table, loaded after any change
     * @throws IllegalArgumentException when the definition is invalid or the existing table is
     *     incompatible with it, naming the table and the column or spec
     */
    public static Table ensureTable(
            Catalog catalog,
            TableIdentifier identifier,
            Schema schema,
            PartitionSpec spec,
            Map<String, String> properties,
            Set<String> identifierFields) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(spec, "spec");
        Map<String, String> props = new TreeMap<>();
        if (properties != null) {
            props.putAll(properties);
        }
        Definition definition =
                Definition.of(
                        identifier,
                        schema,
                        spec,
                        props,
                        identifierFields == null
                                ? Collections.<String>emptySet()
                                : identifierFields);

        ensureNamespace(catalog, identifier.namespace());
        if (!catalog.tableExists(identifier)) {
            Table created = tryCreate(catalog, definition);
            if (created != null) {
                return created;
            }
        }
        for (int attempt = 1; ; attempt++) {
            Table table = catalog.loadTable(identifier);
            try {
                reconcile(table, definition);
                return table;
            } catch (CommitFailedException e) {
                if (attempt >= COMMIT_ATTEMPTS) {
                    throw new IllegalStateException(
                            "Table "
                                    + identifier
                                    + " kept changing while it was being evolved ("
                                    + attempt
                                    + " attempts): "
                                    + e.getMessage(),
                            e);
                }
                LOG.info("Table {} changed concurrently; verifying it again", identifier);
            }
        }
    }

    /**
     * Creates a namespace when the catalog has namespaces and it is absent; a namespace created
     * concurrently by another caller counts as success.
     */
    public static void ensureNamespace(Catalog catalog, Namespace namespace) {
        if (namespace.isEmpty() || !(catalog instanceof SupportsNamespaces)) {
            return;
        }
        SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
        if (namespaces.namespaceExists(namespace)) {
            return;
        }
        try {
            namespaces.createNamespace(namespace);
            LOG.info("Created namespace {}", namespace);
        } catch (AlreadyExistsException e) {
            // created concurrently: fine
        } catch (RuntimeException e) {
            // Some catalogs report a concurrent create as a constraint violation.
            if (!namespaces.namespaceExists(namespace)) {
                throw new IllegalStateException(
                        "Cannot create namespace " + namespace + ": " + e.getMessage(), e);
            }
        }
    }

    /** Returns the new table, or null when another caller created it first. */
    private static Table tryCreate(Catalog catalog, Definition d) {
        Map<String, String> props = new TreeMap<>(d.properties);
        props.put(FORMAT_VERSION, FORMAT_V2);
        try {
            Table table =
                    catalog.buildTable(d.identifier, d.schema)
                            .withPartitionSpec(d.spec)
                            .withProperties(props)
                            .create();
            LOG.info(
                    "Created Iceberg table {} (format v2, {}, {})",
                    d.identifier,
                    d.identifierFields.isEmpty()
                            ? "append-only"
                            : (d.upsert ? "upsert on " : "append-only, key ") + d.identifierFields,
                    d.spec.isUnpartitioned()
                            ? "unpartitioned"
                            : "partitioned by " + describe(d.spec, d.schema));
            return table;
        } catch (AlreadyExistsException e) {
            LOG.info("Table {} was created concurrently; verifying it", d.identifier);
            return null;
        } catch (RuntimeException e) {
            // JdbcCatalog on PostgreSQL reports a lost create race as a SQL failure.
            if (catalog.tableExists(d.identifier)) {
                LOG.info("Table {} was created concurrently; verifying it", d.identifier);
                return null;
            }
            throw new IllegalStateException(
                    "Cannot create table " + d.identifier + ": " + e.getMessage(), e);
        }
    }

    private static void reconcile(Table table, Definition d) {
        checkFormatVersion(table, d.identifier);
        checkPartitionSpec(table, d);
        checkColumnTypes(table.schema(), d);

        Set<String> existingKey = table.schema().identifierFieldNames();
        if (!existingKey.isEmpty() && !existingKey.equals(d.identifierFields)) {
            throw new IllegalArgumentException(
                    "Table "
                            + d.identifier
                            + " has identifier fields "
                            + new TreeSet<>(existingKey)
                            + " but its definition asks for "
                            + new TreeSet<>(d.identifierFields)
                            + ": a table's key is not changed in place (upserts and equality"
                            + " deletes depend on it); recreate the table from bronze");
        }

        UpdateSchema update = table.updateSchema().unionByNameWith(d.schema);
        if (existingKey.isEmpty() && !d.identifierFields.isEmpty()) {
            update.setIdentifierFields(d.identifierFields);
        }
        Schema evolved;
        try {
            evolved = update.apply();
        } catch (IllegalArgumentException | IllegalStateException | ValidationException e) {
            throw new IllegalArgumentException(
                    "Table " + d.identifier + " cannot take its definition: " + e.getMessage(), e);
        }
        if (!evolved.sameSchema(table.schema())) {
            Schema before = table.schema();
            update.commit();
            table.refresh();
            LOG.info(
                    "Evolved table {}: added {}, identifier fields {}",
                    d.identifier,
                    addedColumns(before, table.schema()),
                    table.schema().identifierFieldNames());
        }

        Map<String, String> changed = new TreeMap<>();
        for (Map.Entry<String, String> e : d.properties.entrySet()) {
            if (!e.getValue().equals(table.properties().get(e.getKey()))) {
                changed.put(e.getKey(), e.getValue());
            }
        }
        if (!changed.isEmpty()) {
            UpdateProperties setProperties = table.updateProperties();
            changed.forEach(setProperties::set);
            setProperties.commit();
            table.refresh();
            LOG.info("Set properties of table {}: {}", d.identifier, changed.keySet());
        }
    }

    private static void checkFormatVersion(Table table, TableIdentifier identifier) {
        if (!(table instanceof HasTableOperations)) {
            return;
        }
        int version = ((HasTableOperations) table).operations().current().formatVersion();
        if (version != 2) {
            throw new IllegalArgumentException(
                    "Table "
                            + identifier
                            + " has Iceberg format version "
                            + version
                            + ", but silver tables use version 2 (row-level deletes for upserts,"
                            + " and the newest version Athena reads): "
                            + (version < 2
                                    ? "upgrade it with the table property format-version=2"
                                            + " once every reader supports it, or recreate it"
                                    : "recreate it with format-version=2"));
        }
    }

    private static void checkPartitionSpec(Table table, Definition d) {
        List<String> existing = describe(table.spec(), table.schema());
        List<String> wanted = describe(d.spec, d.schema);
        if (!existing.equals(wanted)) {
            throw new IllegalArgumentException(
                    "Table "
                            + d.identifier
                            + " is partitioned by "
                            + existing
                            + " but its definition asks for "
                            + wanted
                            + ": ensureTable does not change partitioning; evolve it deliberately"
                            + " (table.updateSpec(), then rewrite old files) or recreate the table"
                            + " from bronze");
        }
    }

    private static void checkColumnTypes(Schema existing, Definition d) {
        List<String> problems = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String name : new TreeSet<>(TypeUtil.indexByName(d.schema.asStruct()).keySet())) {
            Types.NestedField wanted = d.schema.findField(name);
            Types.NestedField have = existing.findField(name);
            if (wanted == null || have == null || !seen.add(wanted.fieldId())) {
                continue; // new columns are added by unionByNameWith
            }
            Type w = wanted.type();
            Type h = have.type();
            if (w.equals(h)) {
                continue;
            }
            boolean compatible =
                    w.isPrimitiveType() && h.isPrimitiveType()
                            ? TypeUtil.isPromotionAllowed(h, w.asPrimitiveType())
                            : w.typeId() == h.typeId();
            if (!compatible) {
                problems.add(
                        "column '"
                                + name
                                + "' is "
                                + typeName(h)
                                + " in the table but "
                                + typeName(w)
                                + " in the definition");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "Table "
                            + d.identifier
                            + " is incompatible with its definition: "
                            + String.join("; ", problems)
                            + ". Iceberg only widens int to long, float to double and decimal"
                            + " precision; change the definition back, or add a new column and"
                            + " backfill it, or recreate the table from bronze");
        }
    }

    private static String typeName(Type type) {
        return type.isPrimitiveType()
                ? type.toString()
                : type.typeId().name().toLowerCase(Locale.ROOT);
    }

    private static List<String> addedColumns(Schema before, Schema after) {
        List<String> added = new ArrayList<>();
        for (String name : new TreeSet<>(TypeUtil.indexByName(after.asStruct()).keySet())) {
            if (before.findField(name) == null) {
                added.add(name);
            }
        }
        return added;
    }

    /** {@code transform(column) as name} per partition field, in spec order. */
    static List<String> describe(PartitionSpec spec, Schema schema) {
        List<String> fields = new ArrayList<>();
        for (PartitionField f : spec.fields()) {
            String column = schema.findColumnName(f.sourceId());
            fields.add(f.transform() + "(" + column + ") as " + f.name());
        }
        return fields;
    }

    /** A checked table definition: what the table must look like. */
    private static final class Definition {
        final TableIdentifier identifier;
        final Schema schema;
        final PartitionSpec spec;
        final Map<String, String> properties;
        final Set<String> identifierFields;
        final boolean upsert;

        private Definition(
                TableIdentifier identifier,
                Schema schema,
                PartitionSpec spec,
                Map<String, String> properties,
                Set<String> identifierFields,
                boolean upsert) {
            this.identifier = identifier;
            this.schema = schema;
            this.spec = spec;
            this.properties = properties;
            this.identifierFields = identifierFields;
            this.upsert = upsert;
        }

        static Definition of(
                TableIdentifier id,
                Schema schema,
                PartitionSpec spec,
                Map<String, String> properties,
                Set<String> requestedKey) {
            String version = properties.remove(FORMAT_VERSION);
            if (version != null && !FORMAT_V2.equals(version.trim())) {
                throw new IllegalArgumentException(
                        "Table "
                                + id
                                + " asks for format-version "
                                + version
                                + ": silver tables use format version 2 (upserts need its"
                                + " row-level deletes; Athena reads no later version)");
            }

            Set<String> key = new LinkedHashSet<>(requestedKey);
            Set<String> schemaKey = schema.identifierFieldNames();
            if (key.isEmpty()) {
                key.addAll(schemaKey);
            } else if (!schemaKey.isEmpty() && !schemaKey.equals(key)) {
                throw new IllegalArgumentException(
                        "Table "
                                + id
                                + ": the identifier fields "
                                + key
                                + " differ from those the schema declares, "
                                + schemaKey);
            }
            Set<Integer> keyIds = new LinkedHashSet<>();
            for (String name : key) {
                Types.NestedField field = schema.findField(name);
                if (field == null) {
                    throw new IllegalArgumentException(
                            "Table "
                                    + id
                                    + ": identifier field '"
                                    + name
                                    + "' is not a column of the schema "
                                    + columnNames(schema));
                }
                keyIds.add(field.fieldId());
            }
            Schema keyed;
            try {
                keyed = new Schema(schema.columns(), keyIds);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Table " + id + ": bad identifier fields " + key + ": " + e.getMessage(),
                        e);
            }

            for (PartitionField f : spec.fields()) {
                Types.NestedField source = schema.findField(f.sourceId());
                String specColumn = spec.schema().findColumnName(f.sourceId());
                if (source == null || !schema.findColumnName(f.sourceId()).equals(specColumn)) {
                    throw new IllegalArgumentException(
                            "Table "
                                    + id
                                    + ": partition field '"
                                    + f.name()
                                    + "' is built on column "
                                    + specColumn
                                    + " (id "
                                    + f.sourceId()
                                    + "), which the schema does not have under that id: build"
                                    + " the spec from the same schema");
                }
            }

            String upsertValue = properties.get(UPSERT_ENABLED);
            if (upsertValue != null
                    && !upsertValue.equalsIgnoreCase("true")
                    && !upsertValue.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(
                        "Table "
                                + id
                                + ": "
                                + UPSERT_ENABLED
                                + " must be true or false, was '"
                                + upsertValue
                                + "'");
            }
            boolean upsert =
                    upsertValue == null ? !key.isEmpty() : upsertValue.equalsIgnoreCase("true");
            if (upsert && key.isEmpty()) {
                throw new IllegalArgumentException(
                        "Table "
                                + id
                                + " sets "
                                + UPSERT_ENABLED
                                + "=true but has no identifier fields: an upsert table needs its"
                                + " key (e.g. id)");
            }
            if (upsert) {
                properties.put(UPSERT_ENABLED, "true");
                for (PartitionField f : spec.fields()) {
                    String column = schema.findColumnName(f.sourceId());
                    if (!key.contains(column)) {
                        throw new IllegalArgumentException(
                                "Upsert table "
                                        + id
                                        + " is partitioned by "
                                        + f.transform()
                                        + "("
                                        + column
                                        + "), which is not an identifier field "
                                        + key
                                        + ": Flink's upsert writer needs every partition source"
                                        + " column in the key (a row would otherwise not find its"
                                        + " previous version); partition by the key or not at all");
                    }
                }
            }
            return new Definition(
                    id,
                    keyed,
                    spec,
                    Collections.unmodifiableMap(properties),
                    Collections.unmodifiableSet(key),
                    upsert);
        }

        private static List<String> columnNames(Schema schema) {
            List<String> names = new ArrayList<>();
            for (Types.NestedField f : schema.columns()) {
                names.add(f.name());
            }
            return names;
        }
    }
}
