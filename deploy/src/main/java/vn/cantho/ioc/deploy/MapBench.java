package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.WebMercator;
import vn.cantho.ioc.core.zone.ZoneLayers;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.sim.SyntheticDevices;

/**
 * {@code ioc bench map}: what the console's map costs the node at city scale (issue 17). The demo's
 * devices and N synthetic ones, no simulators; one city operator asks {@code /api/v1/map} for 1920
 * × 1080 views of the whole city at zooms 9–11, of five communes at 13–15 and of a street in each
 * at 17, and the device list's first page of each commune, one request at a time; prints one JSON
 * line with the median and 95th percentile latency and answer size of each kind.
 */
final class MapBench {
  private static final Logger LOG = LoggerFactory.getLogger(MapBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SCREEN_W = 1920;
  private static final int SCREEN_H = 1080;
  private static final int ROUNDS = 10;
  private static final int COMMUNES = 5;

  private final int extraDevices;

  MapBench(int extraDevices) {
    this.extraDevices = extraDevices;
  }

  /** A request and what it cost. */
  private record Sample(double ms, int bytes) {}

  String run(Path data) throws Exception {
    long t0 = System.nanoTime();
    try (DemoStack stack =
        DemoStack.start(
            data,
            "127.0.0.1",
            0,
            DemoStack.freePort(),
            false,
            DemoCommand.ensureRegistry(data),
            extraDevices)) {
      double startS = (System.nanoTime() - t0) / 1e9;
      IocServer server = stack.server();
      String token = signIn(stack);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + stack.httpPort();

      List<String> city = new ArrayList<>();
      Envelope all = new Envelope();
      List<Zone> zones = new ZoneLayers(server.database()).current().zones();
      zones.forEach(z -> all.expandToInclude(z.boundary().getEnvelopeInternal()));
      for (int zoom = 9; zoom <= 11; zoom++) {
        city.add(mapPath(all.centre(), zoom));
      }
      List<String> communes = new ArrayList<>();
      List<String> streets = new ArrayList<>();
      List<String> lists = new ArrayList<>();
      List<Zone> sorted = new ArrayList<>(zones);
      sorted.sort(Comparator.comparing(Zone::id));
      for (int i = 0; i < COMMUNES; i++) {
        Zone zone = sorted.get(i * sorted.size() / COMMUNES);
        Coordinate centre = zone.boundary().getEnvelopeInternal().centre();
        for (int zoom = 13; zoom <= 15; zoom++) {
          communes.add(mapPath(centre, zoom));
        }
        Device lamp =
            server.registry().all().stream()
                .filter(d -> zone.id().equals(d.zoneId()))
                .filter(d -> d.id().startsWith(SyntheticDevices.ID_PREFIX + "sl-"))
                .findFirst()
                .orElseThrow();
        streets.add(mapPath(new Coordinate(lamp.lon(), lamp.lat()), 17));
        lists.add("/api/v1/devices?zone=" + zone.id());
      }
      ObjectNode out = JSON.createObjectNode();
      out.put("bench", "map");
      out.put("devices", server.registry().size());
      out.put("extra_devices", extraDevices);
      out.put("start_s", Math.round(startS * 10) / 10.0);
      measure(out, "city", city, http, base, token);
      measure(out, "commune", communes, http, base, token);
      measure(out, "street", streets, http, base, token);
      measure(out, "list_zone", lists, http, base, token);
      return out.toString();
    }
  }

  /** Every path once to warm up, then {@link #ROUNDS} rounds; puts p50 and p95 and sizes. */
  private static void measure(
      ObjectNode out, String kind, List<String> paths, HttpClient http, String base, String token)
      throws Exception {
    for (String path : paths) {
      get(http, base + path, token);
    }
    List<Sample> samples = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (String path : paths) {
        samples.add(get(http, base + path, token));
      }
    }
    double[] ms = samples.stream().mapToDouble(Sample::ms).sorted().toArray();
    double[] bytes = samples.stream().mapToDouble(Sample::bytes).sorted().toArray();
    out.put(kind + "_requests", samples.size());
    out.put(kind + "_p50_ms", round1(percentile(ms, 0.5)));
    out.put(kind + "_p95_ms", round1(percentile(ms, 0.95)));
    out.put(kind + "_p50_bytes", (long) percentile(bytes, 0.5));
    out.put(kind + "_max_bytes", (long) bytes[bytes.length - 1]);
    LOG.info("{}: {} requests, p50 {} ms", kind, samples.size(), round1(percentile(ms, 0.5)));
  }

  private static Sample get(HttpClient http, String url, String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build();
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    double ms = (System.nanoTime() - t0) / 1e6;
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    return new Sample(ms, r.body().length);
  }

  /** A 1920 × 1080 view centred on a point at a zoom, as the console asks for it. */
  static String mapPath(Coordinate centre, int zoom) {
    double worldPx = 256 * Math.pow(2, zoom);
    double x = WebMercator.x(centre.x);
    double y = WebMercator.y(centre.y);
    double hw = SCREEN_W / 2.0 / worldPx;
    double hh = SCREEN_H / 2.0 / worldPx;
    return String.format(
        Locale.ROOT,
        "/api/v1/map?bbox=%.6f,%.6f,%.6f,%.6f&zoom=%d",
        lon(x - hw),
        lat(y + hh),
        lon(x + hw),
        lat(y - hh),
        zoom);
  }

  private static double lon(double x) {
    return x * 360 - 180;
  }

  private static double lat(double y) {
    return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * y))));
  }

  private static double percentile(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String signIn(DemoStack stack) throws Exception {
    String password = "bench-map-" + Long.toHexString(System.nanoTime());
    new UserStore(stack.server().database(), new PasswordHasher())
        .add("bench.city", Role.CITY_OPERATOR, List.of(), password.toCharArray());
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.httpPort() + "/api/v1/auth/token"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            JSON.createObjectNode()
                                .put("username", "bench.city")
                                .put("password", password)
                                .toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("sign-in answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body()).path("access_token").asText();
  }
}
