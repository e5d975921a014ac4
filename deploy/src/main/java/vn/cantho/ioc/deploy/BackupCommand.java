package vn.cantho.ioc.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@code ioc backup --to FILE}: every table of the database as of one instant into one archive (ADR
 * 0021, docs/backup.md). Same database choice as {@code zones}, but a demo running on {@code
 * --data} is read where it runs rather than refused.
 */
final class BackupCommand {
  private static final String USAGE = "usage: backup --to FILE [--data ./data]";

  private BackupCommand() {}

  static void run(List<String> args) throws Exception {
    System.out.print(execute(args));
  }

  /** Writes the archive and returns what it prints. */
  static String execute(List<String> args) throws Exception {
    Options o = Options.parse(args, Set.of(), Set.of("to", "data", "db-url", "db-user"));
    String to = o.get("to", null, null);
    if (!o.positional().isEmpty() || to == null) {
      throw new IllegalArgumentException(USAGE);
    }
    Path file = Path.of(to);
    long t0 = System.nanoTime();
    BackupManifest m =
        CommandDatabase.useUnmigrated(
            o,
            CommandDatabase.RunningDemo.JOIN,
            config -> DatabaseBackup.write(config, file, Clock.systemUTC()));
    return "Backed up "
        + m.tables().size()
        + " tables ("
        + m.rows()
        + " rows) at schema version "
        + m.versions()
        + " to "
        + file
        + " ("
        + Files.size(file)
        + " bytes, "
        + (System.nanoTime() - t0) / 1_000_000
        + " ms)\n";
  }
}
