package dev.pcw.connectors.lake;

import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where bronze files live: {@code
 * {lake}/bronze/partnercentral/{entity}/{yyyy}/{MM}/{dd}/run-{runId}/}, the date being the UTC date
 * of the fetch. Pure string and URI work (no Hadoop, no Flink), so the writer (the ingest job's
 * FileSink), the replay job and the tests agree on one layout.
 *
 * <pre>{@code
 * BronzePaths paths = BronzePaths.under("./var/lake");          // or "s3://bucket/prefix"
 * URI dir = paths.runDirectory("opportunities", fetchedAt, "20250101T000000Z-ab12");
 * // file:///abs/var/lake/bronze/partnercentral/opportunities/2025/01/01/run-20250101T000000Z-ab12/
 * }</pre>
 *
 * <p>Directory URIs end with {@code /}; the lake root does not.
 */
public final class BronzePaths implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The folder under the lake root that holds all of Partner Central's bronze files. */
    public static final String BRONZE_PREFIX = "bronze/partnercentral";

    /** The longest run id accepted; it becomes part of a folder name. */
    public static final int MAX_RUN_ID_LENGTH = 128;

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern ENTITY = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern S3_SCHEME = Pattern.compile("(?i)s3a?");

    private final String root;

    private BronzePaths(String root) {
        this.root = root;
    }

    /**
     * The bronze layout under a lake root.
     *
     * @param lakeRoot a local path (relative paths are resolved against the working directory now),
     *     a {@code file:} URI, or {@code s3://bucket[/prefix]} ({@code s3a://} too)
     * @throws IllegalArgumentException when the root is none of those
     */
    public static BronzePaths under(String lakeRoot) {
        return new BronzePaths(lakeRootUri(lakeRoot).toString());
    }

    /**
     * The lake root as a URI without a trailing slash: {@code file:///abs/path} or {@code
     * s3://bucket/prefix}.
     */
    public URI lakeRoot() {
        return URI.create(root);
    }

    /** {@code {lake}/bronze/partnercentral/}: the root the replay job lists. */
    public URI bronzeRoot() {
        return URI.create(root + "/" + BRONZE_PREFIX + "/");
    }

    /** {@code {lake}/bronze/partnercentral/{entity}/}: every run of one entity. */
    public URI entityDirectory(String entity) {
        return URI.create(root + "/" + BRONZE_PREFIX + "/" + validateEntity(entity) + "/");
    }

    /** As {@link #entityDirectory(String)}, for a known entity. */
    public URI entityDirectory(PartnerCentralEntity entity) {
        return entityDirectory(Objects.requireNonNull(entity, "entity").configName());
    }

    /**
     * {@code {lake}/bronze/partnercentral/{entity}/{yyyy}/{MM}/{dd}/}: every run of one entity on
     * one UTC day (what a replay of that day reads).
     */
    public URI dayDirectory(String entity, LocalDate day) {
        return URI.create(
                String.format(
                        Locale.ROOT,
                        "%s/%s/%s/%04d/%02d/%02d/",
                        root,
                        BRONZE_PREFIX,
                        validateEntity(entity),
                        day.getYear(),
                        day.getMonthValue(),
                        day.getDayOfMonth()));
    }

    /**
     * {@code {lake}/bronze/partnercentral/{entity}/{yyyy}/{MM}/{dd}/run-{runId}/}.
     *
     * @param entity the entity's configuration name, e.g. {@code opportunities}
     * @param fetchedAt when the data was fetched; its UTC date names the folders, whatever the
     *     JVM's time zone
     * @param runId the ingestion run; letters, digits, {@code -} and {@code _} only
     * @throws IllegalArgumentException for a bad entity name or run id, saying which and why
     */
    public URI runDirectory(String entity, Instant fetchedAt, String runId) {
        String checkedEntity = validateEntity(entity);
        String checkedRunId = validateRunId(runId);
        LocalDate day =
                Objects.requireNonNull(fetchedAt, "fetchedAt")
                        .atOffset(ZoneOffset.UTC)
                        .toLocalDate();
        return URI.create(
                String.format(
                        Locale.ROOT,
                        "%s/%s/%s/%04d/%02d/%02d/run-%s/",
                        root,
                        BRONZE_PREFIX,
                        checkedEntity,
                        day.getYear(),
                        day.getMonthValue(),
                        day.getDayOfMonth(),
                        checkedRunId));
    }

    /** As {@link #runDirectory(String, Instant, String)}, for a known entity. */
    public URI runDirectory(PartnerCentralEntity entity, Instant fetchedAt, String runId) {
        return runDirectory(
                Objects.requireNonNull(entity, "entity").configName(), fetchedAt, runId);
    }

    /**
     * Checks a run id: 1 to {@value #MAX_RUN_ID_LENGTH} letters, digits, {@code -} or {@code _} (it
     * becomes the folder {@code run-{runId}} on a local disk and in S3).
     *
     * @return the run id unchanged
     * @throws IllegalArgumentException naming the bad id and the rule
     */
    public static String validateRunId(String runId) {
        if (runId == null || runId.isEmpty()) {
            throw new IllegalArgumentException(
                    "A bronze run id is required: it names the folder run-{runId}; use letters,"
                            + " digits, '-' and '_'");
        }
        if (runId.length() > MAX_RUN_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "Run id '"
                            + runId.substring(0, 20)
                            + "…' is "
                            + runId.length()
                            + " characters long; at most "
                            + MAX_RUN_ID_LENGTH
                            + " are allowed");
        }
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException(
                    "Run id '"
                            + runId
                            + "' is not usable in a bronze path: use only letters, digits, '-'"
                            + " and '_' (it names the folder run-{runId})");
        }
        return runId;
    }

    /**
     * Checks an entity name: lower-case letters, digits and {@code _}, starting with a letter, as
     * {@link PartnerCentralEntity#configName()} spells them.
     *
     * @return the name unchanged
     * @throws IllegalArgumentException naming the bad name and the known entities
     */
    public static String validateEntity(String entity) {
        if (entity == null || !ENTITY.matcher(entity).matches()) {
            StringBuilder known = new StringBuilder();
            for (PartnerCentralEntity e : PartnerCentralEntity.values()) {
                known.append(known.length() == 0 ? "" : ", ").append(e.configName());
            }
            throw new IllegalArgumentException(
                    "Entity name '"
                            + entity
                            + "' is not usable in a bronze path: use lower-case letters, digits"
                            + " and '_', starting with a letter (the Partner Central entities are "
                            + known
                            + ")");
        }
        return entity;
    }

    /**
     * Normalizes a lake root: a local path becomes {@code file:///absolute/path} (relative paths
     * are resolved against the working directory), {@code file:} URIs are made absolute and {@code
     * s3://bucket/prefix} (or {@code s3a://}) is kept; trailing slashes are removed.
     *
     * @throws IllegalArgumentException for an empty root, an S3 URI without a bucket, or another
     *     scheme
     */
    public static URI lakeRootUri(String lakeRoot) {
        if (lakeRoot == null || lakeRoot.trim().isEmpty()) {
            throw new IllegalArgumentException(
                    "The lake root is empty: give a local folder (e.g. ./var/lake) or"
                            + " s3://bucket/prefix");
        }
        String value = lakeRoot.trim();
        int colon = value.indexOf(':');
        // A one-letter "scheme" is a Windows drive letter, not a URI scheme.
        boolean hasScheme =
                colon > 1 && value.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        if (!hasScheme) {
            return localUri(value, lakeRoot);
        }
        String scheme = value.substring(0, colon);
        if (scheme.equalsIgnoreCase("file")) {
            URI uri = parse(value, lakeRoot);
            if (uri.getPath() == null || uri.getPath().isEmpty()) {
                throw new IllegalArgumentException(
                        "Lake root '" + lakeRoot + "' has no path: use file:///absolute/path");
            }
            return localUri(uri.getPath(), lakeRoot);
        }
        if (S3_SCHEME.matcher(scheme).matches()) {
            URI uri = parse(stripTrailingSlashes(value), lakeRoot);
            if (uri.getAuthority() == null || uri.getAuthority().isEmpty()) {
                throw new IllegalArgumentException(
                        "Lake root '" + lakeRoot + "' names no bucket: use s3://bucket/prefix");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        "Lake root '"
                                + lakeRoot
                                + "' carries a query or fragment: use s3://bucket/prefix");
            }
            return uri;
        }
        throw new IllegalArgumentException(
                "Lake root '"
                        + lakeRoot
                        + "' has the unsupported scheme '"
                        + scheme
                        + "': use a local folder, file:///path or s3://bucket/prefix");
    }

    private static URI localUri(String path, String original) {
        Path absolute;
        try {
            absolute = Paths.get(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    "Lake root '" + original + "' is not a usable local path: " + e.getMessage(),
                    e);
        }
        String p = stripTrailingSlashes(absolute.toString().replace('\\', '/'));
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        try {
            // An empty authority gives the file:///path form that every engine accepts.
            return new URI("file", "", p.isEmpty() ? "/" : p, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Lake root '" + original + "' is not a usable local path: " + e.getMessage(),
                    e);
        }
    }

    private static URI parse(String value, String original) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Lake root '" + original + "' is not a valid URI: " + e.getMessage(), e);
        }
    }

    private static String stripTrailingSlashes(String value) {
        int separator = value.indexOf("://");
        int keep = separator < 0 ? 1 : separator + 3; // never strip "/" or "s3://" itself
        int end = value.length();
        while (end > keep && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(0, end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BronzePaths && root.equals(((BronzePaths) o).root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return "BronzePaths{" + root + "/" + BRONZE_PREFIX + "}";
    }
}
