package io.blockline.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and upgrades the schema with Flyway from {@code db/migration}. Blocking. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  public static void migrate(DatabaseTarget target) {
    Flyway flyway = Flyway.configure()
        .dataSource(target.jdbcUrl(), target.user(), target.password())
        .locations("classpath:db/migration")
        .connectRetries(0)
        .load();
    MigrateResult result = flyway.migrate();
    LOG.info("schema at version {} ({} migration(s) applied) db={}",
        result.targetSchemaVersion != null ? result.targetSchemaVersion : flyway.info().current().getVersion(),
        result.migrationsExecuted, target);
  }
}
