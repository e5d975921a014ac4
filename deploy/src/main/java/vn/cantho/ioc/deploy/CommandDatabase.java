package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import java.util.Optional;
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

  /** What a command does with the database's connection settings, its schema left as it is. */
  @FunctionalInterface
  interface ConfigWork<T> {
    T run(DatabaseConfig config) throws Exception;
  }

  /** Whether a demo running on {@code --data} may be used where it runs, or refuses the command. */
  enum RunningDemo {
    /** Read it through its own server (a backup: one consistent snapshot, no writes). */
    JOIN,
    /** Refuse it as in use (anything that writes or needs the database to itself). */
    REFUSE
  }

  /** Opens the database, which migrates its schema to this code's, and runs the work on it. */
  static <T> T use(Options o, Work<T> work) throws Exception {
    return useUnmigrated(
        o,
        RunningDemo.REFUSE,
        config -> {
          try (Database database = Database.open(config)) {
            return work.run(database);
          }
        });
  }

  /**
   * Runs the work with the database's settings without opening it as a node does, so its schema is
   * not migrated (a backup records what is there; a restore builds the schema itself).
   */
  static <T> T useUnmigrated(Options o, RunningDemo running, ConfigWork<T> work) throws Exception {
    if (o.get("db-url", "IOC_DB_URL", null) != null) {
      return work.run(ServerCommand.externalDatabase(o));
    }
    Path dataDir = Path.of(o.get("data", null, "data")).resolve("postgres");
    Optional<DatabaseConfig> demo = EmbeddedDatabase.ofRunningDemo(dataDir);
    if (demo.isPresent()) {
      if (running == RunningDemo.REFUSE) {
        throw new CommandRefused(
            "the database in " + dataDir + " is in use by a running IOC: stop it first");
      }
      return work.run(demo.get());
    }
    try (EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir)) {
      return work.run(embedded.config(2));
    }
  }
}
