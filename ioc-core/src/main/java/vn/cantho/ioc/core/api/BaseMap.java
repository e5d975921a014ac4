package vn.cantho.ioc.core.api;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * A base map under the console's own layers: a raster tile URL template ({@code {z}/{x}/{y}}) and
 * the attribution its provider requires. Off by default, so the console works offline on the
 * project's own layers (boundaries, devices); {@code IOC_MAP_TILES} and {@code
 * IOC_MAP_TILES_ATTRIBUTION} turn it on. The tiles' origin joins the page's CSP {@code img-src},
 * and nothing else does.
 *
 * @param tiles e.g. {@code https://tile.openstreetmap.org/{z}/{x}/{y}.png}, or null for none
 * @param attribution shown on the map, as text
 */
public record BaseMap(String tiles, String attribution) {
  public static final BaseMap NONE = new BaseMap(null, null);
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  public BaseMap {
    if (tiles != null) {
      URI uri = parse(tiles);
      boolean loopback = LOOPBACK.contains(uri.getHost());
      if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
        throw new IllegalArgumentException(
            "IOC_MAP_TILES must be an https:// URL (http:// only on loopback): " + tiles);
      }
      for (String part : new String[] {"{z}", "{x}", "{y}"}) {
        if (!tiles.contains(part)) {
          throw new IllegalArgumentException("IOC_MAP_TILES needs {z}, {x} and {y}: " + tiles);
        }
      }
      if (attribution == null || attribution.isBlank()) {
        throw new IllegalArgumentException(
            "IOC_MAP_TILES_ATTRIBUTION is required with IOC_MAP_TILES: tile providers ask for it");
      }
    }
  }

  /** From {@code IOC_MAP_TILES} and {@code IOC_MAP_TILES_ATTRIBUTION}; {@link #NONE} unset. */
  public static BaseMap fromEnvironment(Map<String, String> env) {
    String tiles = env.get("IOC_MAP_TILES");
    if (tiles == null || tiles.isBlank()) {
      return NONE;
    }
    return new BaseMap(tiles.strip(), env.get("IOC_MAP_TILES_ATTRIBUTION"));
  }

  public boolean configured() {
    return tiles != null;
  }

  /** Where the browser fetches the tiles: {@code scheme://host[:port]}, for the CSP. */
  String origin() {
    URI uri = parse(tiles);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  JsonObject json() {
    return new JsonObject().put("tiles", tiles).put("attribution", attribution);
  }

  /** The template as a URI: its placeholders stand for numbers. */
  private static URI parse(String template) {
    try {
      URI uri = URI.create(template.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"));
      if (uri.getHost() == null || uri.getRawAuthority().contains("{")) {
        throw new IllegalArgumentException("no host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("IOC_MAP_TILES is not a URL template: " + template, e);
    }
  }
}
