package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.store.Database;

/**
 * {@code ioc bench sta}: what one page of open data costs with the readings of a city stored (issue
 * 18: {@code $top=1000} Observations of one Datastream within 50 ms p99 with 10^7 readings). The
 * demo node, no simulators; N readings copied straight into the table over the demo's street lights
 * (one reading a minute each, the newest now), then {@code GET
 * /sta/v1.0/Datastreams(n)/Observations?$top=1000} over streams in turn, one request at a time. The
 * ceiling is the same query through JDBC alone, measured in the same run: what the API adds is
 * HTTP, JSON and links.
 */
final class StaBench {
  private static final Logger LOG = LoggerFactory.getLogger(StaBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WARM_UP = 30;
  private static final int REQUESTS = 300;
  private static final int TOP = 1000;

  private final long readings;
  private final int streams;

  StaBench(long readings, int streams) {
    this.readings = readings;
    this.streams = streams;
  }

  String run(Path data) throws Exception {
    try (DemoStack stack =
        DemoStack.start(
            data,
            "127.0.0.1",
            0,
            DemoStack.freePort(),
            false,
            DemoCommand.ensureRegistry(data),
            0)) {
      IocServer server = stack.server();
      List<Device> lamps =
          server.registry().all().stream()
              .filter(d -> d.domain().equals(Domain.LIGHTING) && d.owner() == null)
              .filter(d -> d.type().contains("light"))
              .sorted((a, b) -> a.id().compareTo(b.id()))
              .limit(streams)
              .toList();
      if (lamps.isEmpty()) {
        throw new IllegalStateException("the demo has no street lights");
      }
      long t0 = System.nanoTime();
      load(server.database(), lamps);
      double loadS = (System.nanoTime() - t0) / 1e9;
      List<long[]> targets = streams(server.database(), lamps);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + stack.httpPort() + "/sta/v1.0";
      for (int i = 0; i < WARM_UP; i++) {
        page(http, base, targets.get(i % targets.size())[0]);
        direct(server.database(), lamps.get(i % lamps.size()));
      }
      double[] api = new double[REQUESTS];
      double[] db = new double[REQUESTS];
      for (int i = 0; i < REQUESTS; i++) {
        // Interleaved, so both see the same cache and the same machine.
        api[i] = page(http, base, targets.get(i % targets.size())[0]);
        db[i] = direct(server.database(), lamps.get(i % lamps.size()));
      }
      Arrays.sort(api);
      Arrays.sort(db);
      ObjectNode out = JSON.createObjectNode();
      out.put("bench", "sta");
      out.put("readings", total(server.database()));
      out.put("streams", lamps.size());
      out.put("load_s", Math.round(loadS));
      out.put("requests", REQUESTS);
      out.put("top", TOP);
      out.put("api_p50_ms", round1(percentile(api, 0.50)));
      out.put("api_p99_ms", round1(percentile(api, 0.99)));
      out.put("api_max_ms", round1(api[api.length - 1]));
      out.put("ceiling_jdbc_p50_ms", round1(percentile(db, 0.50)));
      out.put("ceiling_jdbc_p99_ms", round1(percentile(db, 0.99)));
      out.put("ratio_p99_to_ceiling", round1(percentile(api, 0.99) / percentile(db, 0.99)));
      out.put("budget_p99_ms", 50);
      return out.toString();
    }
  }

  /**
   * One reading a minute per lamp, newest now, by COPY: the table as months of service leave it.
   */
  private void load(Database database, List<Device> lamps) throws Exception {
    long perStream = readings / lamps.size();
    Instant newest = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (Connection c = database.dataSource().getConnection()) {
      // The readings' integer keys first (ADR 0023), then the raw rows that carry them.
      Map<String, Integer> series = new HashMap<>();
      try (var ps =
          c.prepareStatement(
              "INSERT INTO series (device_id, metric) SELECT d, 'power' FROM unnest(?::text[]) d"
                  + " ON CONFLICT (device_id, metric) DO UPDATE SET metric = excluded.metric"
                  + " RETURNING device_id, id")) {
        ps.setArray(1, c.createArrayOf("text", lamps.stream().map(Device::id).toArray()));
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            series.put(rs.getString(1), rs.getInt(2));
          }
        }
      }
      int source;
      try (var s = c.createStatement();
          var rs =
              s.executeQuery(
                  "INSERT INTO reading_sources (name) VALUES ('bench') ON CONFLICT (name)"
                      + " DO UPDATE SET name = excluded.name RETURNING code")) {
        rs.next();
        source = rs.getInt(1);
      }
      var copy =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY readings_raw (ts, value, series_id, quality, source) FROM STDIN");
      StringBuilder chunk = new StringBuilder(1 << 20);
      for (Device lamp : lamps) {
        int id = series.get(lamp.id());
        for (long i = 0; i < perStream; i++) {
          chunk
              .append(newest.minus(i, ChronoUnit.MINUTES))
              .append('\t')
              .append(60 + (i % 40))
              .append('\t')
              .append(id)
              .append("\t0\t")
              .append(source)
              .append('\n');
          if (chunk.length() > (1 << 20) - 200) {
            byte[] bytes = chunk.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            chunk.setLength(0);
          }
        }
        LOG.info("loaded {} readings of {}", perStream, lamp.id());
      }
      byte[] bytes = chunk.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      copy.writeToCopy(bytes, 0, bytes.length);
      copy.endCopy();
      c.createStatement().execute("ANALYZE readings_raw");
    }
  }

  /**
   * Each lamp's power stream: its Datastream id, once the feature's first projection (which runs
   * off the node's start) has published it.
   */
  private static List<long[]> streams(Database database, List<Device> lamps) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
    while (true) {
      try {
        return publishedStreams(database, lamps);
      } catch (IllegalStateException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(200); // a bench polling the node it started, not a test
      }
    }
  }

  private static List<long[]> publishedStreams(Database database, List<Device> lamps)
      throws Exception {
    List<long[]> out = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM sta_datastreams WHERE device_id = ? AND metric = 'power'")) {
      for (Device lamp : lamps) {
        ps.setString(1, lamp.id());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException(lamp.id() + " is not published");
          }
          out.add(new long[] {rs.getLong(1)});
        }
      }
    }
    return out;
  }

  private static double page(HttpClient http, String base, long stream) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(
                URI.create(base + "/Datastreams(" + stream + ")/Observations?$top=" + TOP))
            .build();
    long t0 = System.nanoTime();
    HttpResponse<byte[]> answer = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
    double ms = (System.nanoTime() - t0) / 1e6;
    JsonNode page = JSON.readTree(answer.body());
    if (answer.statusCode() != 200 || page.path("value").size() != TOP) {
      throw new IllegalStateException("stream " + stream + " answered " + answer.statusCode());
    }
    return ms;
  }

  /** The query the API runs for that page, read to the last row, without HTTP or JSON. */
  private static double direct(Database database, Device lamp) throws Exception {
    long t0 = System.nanoTime();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT r.ts, to_jsonb(r.value) FROM readings r"
                    + " WHERE r.device_id = ? AND r.metric = 'power'"
                    + " ORDER BY r.ts DESC LIMIT "
                    + (TOP + 1))) {
      ps.setString(1, lamp.id());
      try (ResultSet rs = ps.executeQuery()) {
        int n = 0;
        while (rs.next()) {
          rs.getTimestamp(1);
          rs.getString(2);
          n++;
        }
        if (n != TOP + 1) {
          throw new IllegalStateException(lamp.id() + " has only " + n + " readings");
        }
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static long total(Database database) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM readings")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
