package vn.cantho.ioc.deploy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import vn.cantho.ioc.core.store.ZoneLayer;
import vn.cantho.ioc.core.zone.ZoneLayers;
import vn.cantho.ioc.geo.GeoJsonZones;
import vn.cantho.ioc.geo.Zone;

/** {@code ioc zones import FILE}: replaces the zone layer with a city's own GeoJSON. */
final class ZonesCommand {
  private ZonesCommand() {}

  static void run(List<String> args) throws Exception {
    Options o = Options.parse(args, Set.of(), Set.of("attribution", "data", "db-url", "db-user"));
    List<String> words = o.positional();
    if (words.size() != 2 || !words.get(0).equals("import")) {
      throw new IllegalArgumentException("usage: zones import FILE");
    }
    Path file = Path.of(words.get(1));
    List<Zone> zones;
    try (InputStream in = Files.newInputStream(file)) {
      zones = GeoJsonZones.read(in); // validate before touching the database
    }
    ZoneLayer layer =
        new ZoneLayer(zones, file.getFileName().toString(), o.get("attribution", null, ""));
    CommandDatabase.use(
        o,
        database -> {
          new ZoneLayers(database).replace(layer);
          return null;
        });
    System.out.println("Imported " + zones.size() + " zones from " + file);
  }
}
