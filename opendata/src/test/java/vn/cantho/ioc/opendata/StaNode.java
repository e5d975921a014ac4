package vn.cantho.ioc.opendata;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.ReadingSink;
import vn.cantho.ioc.core.reading.Rejected;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.ReadingWriter;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.ingest.IngestConfig;
import vn.cantho.ioc.ingest.IngestPipeline;

/**
 * A node with the open-data feature on the kernel's seam and the real ingest pipeline behind it,
 * and a gateway credential for writes: what the SensorThings tests talk to over HTTP.
 */
final class StaNode implements AutoCloseable {
  final FeatureTestKit kit;
  final OpenDataFeature feature;
  final IngestPipeline pipeline;
  final String gateway;
  final String secret;

  /** What the feature published on the broker's open topics: topic, then the JSON. */
  final List<Map.Entry<String, String>> published =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private final HttpClient http = HttpClient.newHttpClient();

  StaNode(Database db, PublicData published, List<Device> devices, String gateway)
      throws Exception {
    this(db, new OpenDataFeature(published), devices, gateway, List.of(), true);
  }

  StaNode(
      Database db,
      OpenDataFeature feature,
      List<Device> devices,
      String gateway,
      List<String> gatewayDevices,
      boolean allDevices)
      throws Exception {
    this(db, feature, List.of(), devices, gateway, gatewayDevices, allDevices);
  }

  /** With other features beside open data (water's metrics, farms and ponds). */
  StaNode(
      Database db,
      OpenDataFeature feature,
      List<vn.cantho.ioc.core.feature.IocFeature> others,
      List<Device> devices,
      String gateway,
      List<String> gatewayDevices,
      boolean allDevices)
      throws Exception {
    AtomicReference<ReadingSink> sink = new AtomicReference<>(ReadingSink.NONE);
    ReadingSink forward =
        new ReadingSink() {
          @Override
          public Future<Void> submit(List<Reading> readings) {
            return sink.get().submit(readings);
          }

          @Override
          public Future<Map<Integer, String>> submitReporting(List<Reading> readings) {
            return sink.get().submitReporting(readings);
          }

          @Override
          public Future<Void> reject(Rejected rejected) {
            return sink.get().reject(rejected);
          }
        };
    this.feature = feature;
    kit =
        new FeatureTestKit(
            db,
            java.util.stream.Stream.concat(others.stream(), java.util.stream.Stream.of(feature))
                .toList(),
            devices,
            new ZoneIndex(List.of()),
            Clock.systemUTC(),
            forward,
            (topic, json) -> published.add(Map.entry(topic, json)));
    pipeline =
        new IngestPipeline(
            kit.vertx(),
            kit.devices(),
            kit.catalog(),
            List.of(),
            new ReadingWriter(db),
            new QuarantineStore(db),
            IngestConfig.defaults(),
            Clock.systemUTC(),
            new SimpleMeterRegistry());
    sink.set(pipeline);
    // The feature projects the registry off its start; have it done before the test asks.
    feature.syncNow();
    this.gateway = gateway;
    secret =
        new DeviceCredentials(db)
            .issue(gateway, DeviceGrant.Kind.GATEWAY, gatewayDevices, allDevices);
  }

  String root() {
    return "http://127.0.0.1:" + kit.port() + "/sta/v1.0";
  }

  String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((gateway + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(root() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A read that must answer 200, as JSON. */
  io.vertx.core.json.JsonObject json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    org.junit.jupiter.api.Assertions.assertEquals(200, r.statusCode(), path + " → " + r.body());
    return new io.vertx.core.json.JsonObject(r.body());
  }

  HttpResponse<String> send(String method, String path, String json, String authorization)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(root() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return send("POST", path, json, basic());
  }

  @Override
  public void close() {
    pipeline.close();
    kit.close();
  }
}
