package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.core.feature.IocFeature;

/**
 * {@code ioc restore --from FILE [--replace]}: an archive of {@code ioc backup} into an empty
 * database (ADR 0021, docs/backup.md). The archive is checked whole before any database is touched
 * (or, under {@code --data}, even created). Same database choice as {@code zones}; a demo running
 * on {@code --data} is refused.
 */
final class RestoreCommand {
  private static final String USAGE = "usage: restore --from FILE [--data ./data] [--replace]";

  private RestoreCommand() {}

  static void run(List<String> args) throws Exception {
    System.out.print(execute(args));
  }

  /** Restores with the features this IOC has; returns what it prints. */
  static String execute(List<String> args) throws Exception {
    return execute(args, FeatureHost.installed());
  }

  /** The same with the given features (a test adds one of its own). */
  static String execute(List<String> args, List<IocFeature> features) throws Exception {
    Options o = Options.parse(args, Set.of("replace"), Set.of("from", "data", "db-url", "db-user"));
    String from = o.get("from", null, null);
    if (!o.positional().isEmpty() || from == null) {
      throw new IllegalArgumentException(USAGE);
    }
    long t0 = System.nanoTime();
    try (BackupArchive archive = BackupArchive.open(Path.of(from))) {
      DatabaseRestore.requireFeatures(archive.manifest(), features);
      CommandDatabase.useUnmigrated(
          o,
          CommandDatabase.RunningDemo.REFUSE,
          config -> {
            DatabaseRestore.restore(config, archive, o.flag("replace"), features);
            return null;
          });
      BackupManifest m = archive.manifest();
      return "Restored "
          + m.tables().size()
          + " tables ("
          + m.rows()
          + " rows) at schema version "
          + m.versions()
          + " from "
          + archive.path()
          + ", taken "
          + m.createdAt()
          + " ("
          + (System.nanoTime() - t0) / 1_000_000
          + " ms)\n";
    }
  }
}
