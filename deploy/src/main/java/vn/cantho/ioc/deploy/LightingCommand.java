package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.lighting.LightingFeature;

/**
 * {@code ioc lighting import FILE}: the luminaires (rated power, lamp type, cabinet, circuit,
 * street) of the lighting devices of a registry file; a running node reads them at its next start.
 */
final class LightingCommand {
  private LightingCommand() {}

  static void run(List<String> args) throws Exception {
    Options o = Options.parse(args, Set.of(), Set.of("data", "db-url", "db-user"));
    List<String> words = o.positional();
    if (words.size() != 2 || !words.get(0).equals("import")) {
      throw new IllegalArgumentException("usage: lighting import FILE");
    }
    Path file = Path.of(words.get(1));
    int stored =
        CommandDatabase.use(
            o,
            database -> {
              // The feature's own migrations first: the table may not exist on a fresh database.
              new FeatureHost(List.of(new LightingFeature())).migrate(database);
              return LightingFeature.importLuminaires(database, file);
            });
    System.out.println("Imported " + stored + " luminaires of registered devices from " + file);
  }
}
