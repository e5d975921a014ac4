package vn.cantho.ioc.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.traffic.TrafficFeature;
import vn.cantho.ioc.traffic.detect.DetectionMethod;
import vn.cantho.ioc.traffic.detect.MethodSettings;
import vn.cantho.ioc.traffic.network.CorridorFile;
import vn.cantho.ioc.traffic.network.NetworkStore;
import vn.cantho.ioc.traffic.network.RoadNetwork;

/** {@code ioc traffic import FILE}: replaces the road network with a city's corridor file. */
final class TrafficCommand {
  private TrafficCommand() {}

  static void run(List<String> args) throws Exception {
    Options o = Options.parse(args, Set.of(), Set.of("data", "db-url", "db-user"));
    List<String> words = o.positional();
    if (words.size() != 2 || !words.get(0).equals("import")) {
      throw new IllegalArgumentException("usage: traffic import FILE");
    }
    Path file = Path.of(words.get(1));
    String geojson = Files.readString(file, StandardCharsets.UTF_8);
    // Checked whole, methods and parameters included, before the database is touched.
    MethodSettings.of(CorridorFile.read(geojson), Set.of(DetectionMethod.BPD));
    RoadNetwork network =
        CommandDatabase.use(
            o,
            database -> {
              // The feature's own migrations first: the table may not exist on a fresh database.
              new FeatureHost(List.of(new TrafficFeature())).migrate(database);
              return new NetworkStore(database)
                  .replace(geojson, "cli:" + System.getProperty("user.name", "?"));
            });
    System.out.println(
        "Imported "
            + network.corridors().size()
            + " corridors and "
            + network.stations().size()
            + " stations from "
            + file);
  }
}
