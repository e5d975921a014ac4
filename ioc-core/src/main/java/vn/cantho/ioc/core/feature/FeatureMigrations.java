package vn.cantho.ioc.core.feature;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.store.Database;

/**
 * A feature's own schema changes: {@code db/feature/<id>/V<n>__….sql} on the classpath, with a
 * history table of its own, so its version numbers never clash with the kernel's or another
 * feature's. Run after the kernel's migrations, on an existing database too (its first run
 * baselines at 0, below its V1).
 */
public final class FeatureMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureMigrations.class);

  private FeatureMigrations() {}

  public static void migrate(Database database, IocFeature feature) {
    String id = feature.id();
    MigrateResult result = configuration(database.dataSource(), id).load().migrate();
    if (result.migrationsExecuted > 0) {
      LOG.info("Feature {}: {} migrations applied", id, result.migrationsExecuted);
    }
  }

  /**
   * A feature's migrations on a data source, as {@link #migrate} runs them: a restore runs them to
   * an archive's version with it.
   */
  public static FluentConfiguration configuration(DataSource dataSource, String id) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/feature/" + id)
        .table(historyTable(id))
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .failOnMissingLocations(false);
  }

  /** The feature's own history table, {@code flyway_<id>_history}. */
  public static String historyTable(String id) {
    if (!id.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("feature id '" + id + "' is not [a-z][a-z0-9_]*");
    }
    return "flyway_" + id + "_history";
  }
}
