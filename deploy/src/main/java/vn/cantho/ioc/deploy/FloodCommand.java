package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.flood.FloodFeature;

/**
 * {@code ioc flood import FILE}: water-level stations (alarm levels, rules, protected wards) from a
 * stations file (docs/flood.md); a running node reads them at its next start, or takes one at once
 * through {@code PUT /api/v1/flood/stations/{id}}.
 */
final class FloodCommand {
  private FloodCommand() {}

  static void run(List<String> args) throws Exception {
    Options o = Options.parse(args, Set.of(), Set.of("data", "db-url", "db-user"));
    List<String> words = o.positional();
    if (words.size() != 2 || !words.get(0).equals("import")) {
      throw new IllegalArgumentException("usage: flood import FILE");
    }
    Path file = Path.of(words.get(1));
    int stored =
        CommandDatabase.use(
            o,
            database -> {
              // The feature's own migrations first: the tables may not exist on a fresh database.
              new FeatureHost(List.of(new FloodFeature())).migrate(database);
              return FloodFeature.importStations(database, file, Instant.now());
            });
    System.out.println("Imported " + stored + " water-level stations from " + file);
  }
}
