package dev.pcw.connectors.metadata;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The metadata DB (connectors, ingestion runs, sync requests, write actions, audit log): opens
 * SQLite or PostgreSQL from a JDBC URL, brings the schema up to date with Flyway, and hands out
 * short-lived connections.
 *
 * <pre>{@code
 * // SQLite in pcw's default folder, or PostgreSQL when PCW_DB_URL says so
 * try (MetadataDb db = MetadataDb.fromEnvironment(System.getenv(), Paths.get("var"))) {
 *     String pc = db.connectors().ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
 *     String run = db.ingestionRuns().start(pc, jobRunId, "AWS", "opportunities", "incremental");
 *     db.ingestionRuns().finish(run, RunStatus.SUCCEEDED, Stats.of(1200, 130, 2, 1), null);
 * }
 * }</pre>
 *
 * <p>Connections: on SQLite every operation opens a connection, runs one short transaction and
 * closes it, so no read transaction outlives its operation (a long-lived SQLite reader would keep
 * the WAL from being checkpointed). On PostgreSQL connections are pooled (at most 8, none kept idle
 * for more than 30 s, so that no idle connection is dropped by a firewall or by RDS), as the
 * sidecar makes several short transactions per request; migrations use a connection of their own.
 * The JDBC drivers are called directly instead of through {@code DriverManager}, which does not
 * always see drivers loaded by Flink's per-job class loader.
 *
 * <p>SQLite: WAL journal (set once, when the schema is migrated; it is persistent) synced at its
 * checkpoints ({@code synchronous=NORMAL}: a commit survives any crash of the process, an OS crash
 * or power loss may take the newest back), a busy timeout of {@value #SQLITE_BUSY_TIMEOUT_MILLIS}
 * ms, foreign keys enforced, and write transactions that begin with {@code BEGIN IMMEDIATE}: a
 * deferred transaction that reads and then writes gets {@code SQLITE_BUSY} at once, without
 * waiting, when another process wrote in between. Several processes may share one file (it must be
 * on a local disk: WAL needs shared memory).
 *
 * <p>Passwords are never logged: this class prints URLs with passwords replaced by {@code ***}.
 */
public final class MetadataDb implements AutoCloseable {

    /**
     * Environment variable with the JDBC URL; unset or blank means SQLite in the default folder.
     */
    public static final String ENV_URL = "PCW_DB_URL";

    /** Environment variable with the database user (PostgreSQL). */
    public static final String ENV_USER = "PCW_DB_USER";

    /** Environment variable with the database password (PostgreSQL). Never logged. */
    public static final String ENV_PASSWORD = "PCW_DB_PASSWORD";

    /** The SQLite file's name inside pcw's data folder ({@code ./var} by default). */
    public static final String SQLITE_FILE_NAME = "pcw.db";

    /** How long an SQLite statement waits for another process's write lock. */
    public static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

    /** Where the Flyway migrations live. */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(MetadataDb.class);

    /**
     * Serializes SQLite migrations inside one JVM; the lock file serializes them across processes
     * (a JVM may hold only one lock on a file, so threads must queue before it).
     */
    private static final Object MIGRATION_LOCK_IN_JVM = new Object();

    private final Dialect dialect;
    private final String url;
    private final String redactedUrl;
    private final Driver driver;
    // Holds the password: never logged, never part of toString().
    private final Properties connectionProperties;
    @Nullable private final Path sqliteFile;
    private volatile boolean closed;

    private MetadataDb(String url, @Nullable String user, @Nullable String password) {
        this.dialect = JdbcUrls.dialectOf(url);
        this.url = url.trim();
        this.redactedUrl = JdbcUrls.redact(this.url);
        this.connectionProperties = new Properties();
        if (dialect == Dialect.SQLITE) {
            this.sqliteFile = JdbcUrls.sqliteFile(this.url).toAbsolutePath();
            createParentFolder(sqliteFile);
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
            config.enforceForeignKeys(true);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            // In WAL mode, NORMAL syncs at checkpoints, not at every commit: a committed
            // transaction survives any crash of the process; only an OS crash or a power loss can
            // take the newest ones back (PostgreSQL is the production database).
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            connectionProperties.putAll(config.toProperties());
            this.driver = new org.sqlite.JDBC();
        } else {
            this.sqliteFile = null;
            if (user != null) {
                connectionProperties.setProperty("user", user);
            }
            if (password != null) {
                connectionProperties.setProperty("password", password);
            }
            connectionProperties.setProperty("ApplicationName", "pcw-metadata");
            connectionProperties.setProperty("connectTimeout", "10");
            this.driver = new org.postgresql.Driver();
        }
    }

    /**
     * PostgreSQL connections, kept for reuse (a new one costs a server process and a round trip per
     * operation); created on first use, none kept idle for long. SQLite opens a file per operation,
     * which costs next to nothing, so it has none.
     */
    private volatile com.zaxxer.hikari.HikariDataSource pool;

    private Connection pooled() throws SQLException {
        com.zaxxer.hikari.HikariDataSource p = pool;
        if (p == null) {
            synchronized (this) {
                checkOpen();
                p = pool;
                if (p == null) {
                    com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
                    c.setJdbcUrl(url);
                    c.setDriverClassName(org.postgresql.Driver.class.getName());
                    c.setDataSourceProperties(connectionProperties);
                    c.setPoolName("pcw-metadata");
                    c.setMaximumPoolSize(8);
                    c.setMinimumIdle(0);
                    c.setIdleTimeout(30_000);
                    c.setConnectionTimeout(5_000);
                    // A database that is down fails the operation, not the opening.
                    c.setInitializationFailTimeout(-1);
                    p = new com.zaxxer.hikari.HikariDataSource(c);
                    pool = p;
                }
            }
        }
        return p.getConnection();
    }

    /** Opens the database at {@code jdbcUrl} without credentials and migrates it. */
    public static MetadataDb open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    /**
     * Opens the database at {@code jdbcUrl} and migrates it ({@link #migrate()}).
     *
     * @param jdbcUrl {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://<host>:<port>/<db>}
     * @param user the database user; ignored by SQLite
     * @param password the database password; ignored by SQLite; never logged
     * @throws IllegalArgumentException for an unsupported URL, naming the schemes expected
     * @throws MetadataDbException when the database cannot be reached or migrated
     */
    public static MetadataDb open(
            String jdbcUrl, @Nullable String user, @Nullable String password) {
        MetadataDb db = new MetadataDb(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password);
        db.migrate();
        return db;
    }

    /** Opens (creating if needed) the SQLite database {@code <dir>/pcw.db} and migrates it. */
    public static MetadataDb openSqlite(Path dir) {
        return open(sqliteUrl(dir));
    }

    /** {@code jdbc:sqlite:<dir>/pcw.db}. */
    public static String sqliteUrl(Path dir) {
        return Dialect.SQLITE.urlPrefix() + dir.resolve(SQLITE_FILE_NAME);
    }

    /**
     * Opens the database the environment names: {@value #ENV_URL} with {@value #ENV_USER} and
     * {@value #ENV_PASSWORD} when the URL is set and not blank, else SQLite at {@code
     * <defaultDir>/pcw.db}.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @param defaultDir pcw's data folder ({@code ./var} by default)
     */
    public static MetadataDb fromEnvironment(Map<String, String> env, Path defaultDir) {
        String url = env.get(ENV_URL);
        if (url == null || url.isBlank()) {
            return openSqlite(defaultDir);
        }
        return open(url, emptyToNull(env.get(ENV_USER)), emptyToNull(env.get(ENV_PASSWORD)));
    }

    /**
     * Applies the pending Flyway migrations; when the schema is current it only reads. Safe to call
     * from several processes at once: on PostgreSQL Flyway takes an advisory lock, on SQLite (where
     * Flyway has no lock) this takes an exclusive lock on {@code <file>.migrate-lock}.
     *
     * @return the number of migrations applied
     */
    public int migrate() {
        checkOpen();
        if (dialect != Dialect.SQLITE) {
            return runFlyway();
        }
        Path lockFile = sqliteFile.resolveSibling(sqliteFile.getFileName() + ".migrate-lock");
        synchronized (MIGRATION_LOCK_IN_JVM) {
            try (FileChannel channel =
                    FileChannel.open(
                            lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock(); // released when the channel closes
                enableWal();
                return runFlyway();
            } catch (IOException e) {
                throw new MetadataDbException(
                        "Cannot lock " + lockFile + " to migrate the metadata DB " + redactedUrl,
                        e);
            }
        }
    }

    private int runFlyway() {
        // A database that already holds other tables (the Iceberg JDBC catalog's, on premises)
        // is migrated with a baseline below V1. Only then: on a fresh database, concurrent
        // first openers would race to create that baseline. And another opener may be half way
        // through the first migration: that is waited out.
        boolean baseline = false;
        for (int attempt = 1; ; attempt++) {
            try {
                return runFlyway(baseline);
            } catch (FlywayException e) {
                String m = String.valueOf(e.getMessage());
                if (!baseline && m.contains("but no schema history table")) {
                    baseline = true;
                } else if (attempt < 10 && m.contains("already exists, and is empty")) {
                    sleepQuietly(200L * attempt);
                } else {
                    throw new MetadataDbException(
                            "Migrating the metadata DB "
                                    + redactedUrl
                                    + " failed: "
                                    + e.getMessage(),
                            e);
                }
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int runFlyway(boolean baseline) {
        Flyway flyway =
                Flyway.configure(MetadataDb.class.getClassLoader())
                        .dataSource(new ConnectionSource(this))
                        .locations(MIGRATIONS_LOCATION)
                        .failOnMissingLocations(true)
                        .baselineOnMigrate(baseline)
                        .baselineVersion("0")
                        .load();
        // info() only reads; migrate() takes the write lock even when there is nothing to
        // do, and on SQLite a process that keeps writing can hold that lock off for the
        // whole busy timeout. So a job that starts beside a busy writer only reads here.
        MigrationInfoService info = flyway.info();
        if (!needsMigration(info)) {
            LOG.info(
                    "Metadata DB {} ({}) is at schema version {}",
                    redactedUrl,
                    dialect,
                    info.current() == null ? "-" : info.current().getVersion());
            return 0;
        }
        MigrateResult result = flyway.migrate();
        LOG.info(
                "Metadata DB {} ({}) migrated from schema version {} to {}; {} migration(s)"
                        + " applied",
                redactedUrl,
                dialect,
                result.initialSchemaVersion,
                result.targetSchemaVersion,
                result.migrationsExecuted);
        return result.migrationsExecuted;
    }

    private static boolean needsMigration(MigrationInfoService info) {
        for (MigrationInfo m : info.all()) {
            if (m.getState() == MigrationState.PENDING || m.getState().isFailed()) {
                return true;
            }
        }
        return false;
    }

    private void enableWal() {
        String mode =
                read(
                        "enable WAL",
                        c -> {
                            try (Statement s = c.createStatement();
                                    ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                                return rs.next() ? rs.getString(1) : null;
                            }
                        });
        if (!"wal".equalsIgnoreCase(mode)) {
            LOG.warn(
                    "SQLite metadata DB {} stays in journal mode {} instead of WAL: concurrent"
                            + " writers will wait longer (is the file on a network share?)",
                    redactedUrl,
                    mode);
        }
    }

    /** Work to run on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a fresh auto-commit connection and closes it. For reads; each statement
     * is its own short transaction.
     *
     * @param operation what is being done, for the error message
     * @throws MetadataDbException on a database error
     */
    public <T> T read(String operation, Work<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /**
     * Runs {@code work} in one transaction on a fresh connection, commits and closes it; rolls back
     * when {@code work} throws. On SQLite the transaction takes the write lock when it begins
     * (waiting up to the busy timeout), so keep the work short.
     *
     * @param operation what is being done, for the error message
     * @throws MetadataDbException on a database error; other exceptions of {@code work} pass
     *     through unchanged
     */
    public <T> T write(String operation, Work<T> work) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.run(c);
                // Commits. Not commit(): with autocommit off, the SQLite driver begins the next
                // (IMMEDIATE) transaction right after a commit, taking the write lock again.
                c.setAutoCommit(true);
                committed = true;
                return result;
            } finally {
                if (!committed && dialect == Dialect.POSTGRESQL) {
                    rollbackQuietly(c);
                }
                // SQLite: closing the connection rolls back; rollback() would begin a new
                // IMMEDIATE transaction first.
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /**
     * A new connection, configured for this database (SQLite: busy timeout, foreign keys, IMMEDIATE
     * transactions). The caller closes it, soon.
     */
    public Connection connection() throws SQLException {
        checkOpen();
        if (dialect == Dialect.POSTGRESQL) {
            return pooled();
        }
        return direct();
    }

    /**
     * A connection of its own, outside the pool: migrations use it, so that a database that is
     * missing or refuses the login fails the opening at once instead of after the pool's wait.
     */
    private Connection direct() throws SQLException {
        checkOpen();
        Connection c = driver.connect(url, connectionProperties);
        if (c == null) {
            throw new SQLException("The " + dialect + " driver does not accept " + redactedUrl);
        }
        return c;
    }

    /** The database this is. */
    public Dialect dialect() {
        return dialect;
    }

    /** The JDBC URL with any password replaced by {@code ***}, for messages and logs. */
    public String redactedUrl() {
        return redactedUrl;
    }

    /** The SQLite file (absolute), or null on PostgreSQL. */
    @Nullable
    public Path sqliteFile() {
        return sqliteFile;
    }

    /** The {@code connectors} table, with the system UTC clock. */
    public Connectors connectors() {
        return new Connectors(this, Clock.systemUTC());
    }

    /** The {@code ingestion_runs} table, with the system UTC clock. */
    public IngestionRuns ingestionRuns() {
        return new IngestionRuns(this, Clock.systemUTC());
    }

    /** Marks this handle closed and closes the connections it kept. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (pool != null) {
                pool.close();
                pool = null;
            }
        }
    }

    @Override
    public String toString() {
        return "MetadataDb{" + dialect + ", " + redactedUrl + '}';
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The metadata DB " + redactedUrl + " is closed");
        }
    }

    private MetadataDbException failure(String operation, SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String hint = "";
        if (dialect == Dialect.SQLITE && message.toUpperCase(Locale.ROOT).contains("SQLITE_BUSY")) {
            hint =
                    " (the file stayed locked by another process for more than "
                            + SQLITE_BUSY_TIMEOUT_MILLIS
                            + " ms: is something holding a long write transaction?)";
        }
        return new MetadataDbException(
                operation + " failed on the metadata DB " + redactedUrl + ": " + message + hint, e);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed; closing the connection discards the transaction", e);
        }
    }

    private static void createParentFolder(Path file) {
        Path parent = file.getParent();
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new MetadataDbException(
                    "Cannot create the folder " + parent + " for the SQLite metadata DB " + file,
                    e);
        }
    }

    @Nullable
    private static String emptyToNull(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Hands Flyway the same connections as every other operation. */
    private static final class ConnectionSource implements DataSource {
        private final MetadataDb db;

        ConnectionSource(MetadataDb db) {
            this.db = db;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return db.direct();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException(
                    "The metadata DB's credentials are fixed when it is opened");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("No java.util.logging here");
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("Not a wrapper of " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}
