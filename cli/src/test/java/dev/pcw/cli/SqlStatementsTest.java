package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What pcw query accepts without --allow-writes, and what each refused statement gets. */
class SqlStatementsTest {
    @Test
    void readingStatementsPassWhateverTheirCaseCommentsAndParentheses() {
        for (String sql :
                new String[] {
                    "SELECT 1",
                    "  select * from t;",
                    "-- count them\nSELECT COUNT(*) FROM t",
                    "/* report */ WITH x AS (SELECT 1) SELECT * FROM x",
                    "(SELECT 1) UNION (SELECT 2)",
                    "SHOW TABLES",
                    "describe partnercentral_opportunities",
                    "EXPLAIN SELECT 1",
                    "VALUES (1)"
                }) {
            SqlStatements.requireReadOnly(SqlStatements.single(sql));
        }
    }

    @Test
    void writesAreRefusedWithTheFlagThatAllowsThem() {
        for (String sql :
                new String[] {
                    "DROP TABLE partnercentral_opportunities",
                    "insert into t values (1)",
                    "/* harmless? */ DELETE FROM t",
                    "ALTER TABLE t RENAME TO u",
                    "CREATE TABLE t (a INT)",
                    "TRUNCATE TABLE t"
                }) {
            assertThatThrownBy(() -> SqlStatements.requireReadOnly(SqlStatements.single(sql)))
                    .as(sql)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pcw query is read-only")
                    .hasMessageContaining("--allow-writes");
        }
        assertThatThrownBy(() -> SqlStatements.requireReadOnly("DROP TABLE t"))
                .hasMessageContaining("DROP statements");
    }

    @Test
    void oneStatementAtATime() {
        assertThatThrownBy(() -> SqlStatements.single("SELECT 1; DROP TABLE t"))
                .hasMessageContaining("one statement at a time");
        // A ';' inside a string or a trailing one is fine.
        assertThat(SqlStatements.single("SELECT 'a;b' FROM t;")).isEqualTo("SELECT 'a;b' FROM t");
        assertThat(SqlStatements.single("SELECT 1; -- done")).isEqualTo("SELECT 1; -- done");
        assertThatThrownBy(() -> SqlStatements.single("  -- nothing\n "))
                .hasMessageContaining("no SQL statement given");
    }
}
