package dev.pcw.connectors.metadata;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL the ITCases use: 127.0.0.1:5432, user {@code postgres}, trust auth (as {@code
 * .ci/run} sets it up). Each test class gets a fresh database and drops it afterwards. When the
 * server is not there, the tests fail, saying how to start it; they never skip.
 */
final class LocalPostgres {

    /** Override with {@code -Dpcw.it.postgres.url=jdbc:postgresql://host:port/}. */
    static final String SERVER_URL =
            System.getProperty("pcw.it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");

    static final String USER = "postgres";

    private LocalPostgres() {}

    /** Creates {@code pcw_it_<random>} and returns its name. */
    static String createDatabase() {
        String name = "pcw_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + name);
        return name;
    }

    static void dropDatabase(String name) {
        if (name != null) {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    static String url(String database) {
        return SERVER_URL + database;
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER_URL + "postgres", USER, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("connection") || message.contains("refused")) {
                fail(
                        "PostgreSQL is not reachable at "
                                + SERVER_URL
                                + " as user "
                                + USER
                                + " ("
                                + e.getMessage()
                                + "). The PostgreSQL ITCases need it: run `.ci/run` from the"
                                + " repository root (it installs PostgreSQL 15 if needed and"
                                + " starts it on 127.0.0.1:5432 with trust auth), or start an"
                                + " installed cluster with `pg_ctlcluster 15 main start`; check"
                                + " with `pg_isready -h 127.0.0.1`.",
                        e);
            }
            fail("Cannot run '" + sql + "' on " + SERVER_URL + "postgres: " + e.getMessage(), e);
        }
    }
}
