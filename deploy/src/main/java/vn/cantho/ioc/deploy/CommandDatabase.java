package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * The database a one-shot command ({@code zones}, {@code user}) works on: the external one when
 * {@code IOC_DB_URL} or {@code --db-url} is set, else the demo's embedded one under {@code --data}
 * (started for the command and stopped after it).
 */
final class CommandDatabase {
  private CommandDatabase() {}

  /** What a command does with the open database. */
  @FunctionalInterface
  interface Work<T> {
    T run(Database database) throws Exception;
  }

  static <T> T use(Options o, Work<T> work) throws Exception {
    if (o.get("db-url", "IOC_DB_URL", null) != null) {
      return run(ServerCommand.externalDatabase(o), work);
    }
    try (EmbeddedDatabase embedded =
        EmbeddedDatabase.start(Path.of(o.get("data", null, "data")).resolve("postgres"))) {
      return run(embedded.config(2), work);
    }
  }

  private static <T> T run(DatabaseConfig config, Work<T> work) throws Exception {
    try (Database database = Database.open(config)) {
      return work.run(database);
    }
  }
}
