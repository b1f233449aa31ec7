package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * pcw metadata DB, version 8: on PostgreSQL, {@code audit_log} refuses UPDATE and DELETE (a trigger
 * raises an error naming the table). SQLite has no such guard; there {@code pcw audit verify} finds
 * a row changed behind pcw's back by its broken hash chain. A Java migration because the trigger's
 * language differs between the two databases.
 */
public class V8__audit_log_append_only extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        if (!product.toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            return;
        }
        try (Statement s = context.getConnection().createStatement()) {
            s.execute(
                    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS"
                            + " $$ BEGIN RAISE EXCEPTION 'audit_log is append-only: % refused',"
                            + " TG_OP; END $$");
            s.execute(
                    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log"
                            + " FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()");
            s.execute(
                    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
                            + " FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()");
        }
    }
}
