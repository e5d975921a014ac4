package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.kpi.KpiStore;
import vn.cantho.ioc.core.kpi.KpiValue;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.water.WqiClass;

/**
 * The Grafana provisioning under {@code deploy/grafana} (issue 18, docs/grafana.md) against a real
 * node: its data sources come from the environment and carry the uids the dashboards use; every
 * PostgreSQL panel's SQL, its macros replaced as {@link GrafanaSql} documents, runs on the node's
 * migrated schema and draws the indicators its KPI recorder has just stored; every indicator the
 * node records is on the leaders' dashboard; every Prometheus query reads series and labels that a
 * scrape of the node's {@code /metrics} has.
 */
@ExtendWith(TestStack.class)
class GrafanaProvisioningTest {
  private static final Path GRAFANA = Path.of("grafana");
  private static final Path DASHBOARDS = GRAFANA.resolve("dashboards");

  /** Labels Prometheus adds to every series it scrapes; the node's own output has none of them. */
  private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

  private static final Pattern KPI_LITERAL = Pattern.compile("'([a-z][a-z0-9_]*\\.[a-z0-9_.%]+)'");
  private static final Pattern ENV = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

  /**
   * Every leaders' indicator, as docs/api.md defines them. The node's recorder must give no other
   * (a new one must reach the dashboard and this list), and the dashboards name no other.
   */
  private static final List<String> KPIS =
      Stream.concat(
              Stream.of(
                  "devices.total",
                  "devices.online",
                  "alerts.open.watch",
                  "alerts.open.warning",
                  "alerts.open.critical",
                  "alerts.open_over_24h",
                  "water.wqi_stations",
                  "lighting.lights",
                  "lighting.lights_working",
                  "lighting.lights_working_share",
                  "lighting.energy_saved_today_kwh",
                  "lighting.energy_saved_today_percent",
                  "traffic.incidents_open",
                  "traffic.minutes_to_clear",
                  "flood.warnings_24h"),
              Stream.of(WqiClass.values()).map(c -> "water.wqi_class_share." + c.code()))
          .toList();

  private static DemoStack stack;
  private static Database database;
  private static Instant at;
  private static Set<String> recorded;
  private static String zoneWithData;

  @BeforeAll
  static void record(DemoStack started) throws Exception {
    stack = started;
    database = stack.server().database();
    at = stack.server().recordKpis();
    recorded = new TreeSet<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT kpi, zone_id FROM kpi_points WHERE at = ? ORDER BY zone_id DESC")) {
      ps.setTimestamp(1, Timestamp.from(at));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          recorded.add(rs.getString(1));
          if (!rs.getString(2).isEmpty()) {
            zoneWithData = rs.getString(2);
          }
        }
      }
    }
    // What a quiet test node has no value for (no river index yet, no night metered, no incident
    // cleared) gets one point for the city, so its panel has something to draw.
    List<KpiValue> missing = new ArrayList<>();
    for (String kpi : KPIS) {
      if (!recorded.contains(kpi)) {
        missing.add(new KpiValue(kpi, null, 0.5));
      }
    }
    new KpiStore(database).record(at, missing);
  }

  @Test
  void theDataSourcesComeFromTheEnvironmentWithTheUidsTheDashboardsUse() throws Exception {
    Map<String, Object> sources = yaml(GRAFANA.resolve("provisioning/datasources/ioc.yaml"));
    Map<String, String> typeByUid = new HashMap<>();
    for (Map<String, Object> ds : list(sources, "datasources")) {
      typeByUid.put((String) ds.get("uid"), (String) ds.get("type"));
      assertThat((String) ds.get("url")).as("%s's address", ds.get("name")).startsWith("${");
    }
    assertThat(typeByUid)
        .containsEntry("ioc-postgres", "grafana-postgresql-datasource")
        .containsEntry("ioc-prometheus", "prometheus");
    Map<String, Object> postgres =
        list(sources, "datasources").stream()
            .filter(d -> d.get("uid").equals("ioc-postgres"))
            .findFirst()
            .orElseThrow();
    assertThat(((Map<?, ?>) postgres.get("secureJsonData")).get("password"))
        .as("no password in the repository")
        .isEqualTo("${IOC_GRAFANA_DB_PASSWORD}");

    Map<String, Object> providers = yaml(GRAFANA.resolve("provisioning/dashboards/ioc.yaml"));
    Map<String, Object> provider = list(providers, "providers").get(0);
    assertThat(provider.get("type")).isEqualTo("file");
    assertThat(((Map<?, ?>) provider.get("options")).get("path"))
        .isEqualTo("${IOC_GRAFANA_DASHBOARDS}");

    String guide = Files.readString(Path.of("..", "docs", "grafana.md"));
    for (Path file :
        List.of(
            GRAFANA.resolve("provisioning/datasources/ioc.yaml"),
            GRAFANA.resolve("provisioning/dashboards/ioc.yaml"))) {
      Matcher env = ENV.matcher(Files.readString(file));
      while (env.find()) {
        assertThat(env.group(1)).startsWith("IOC_GRAFANA_");
        assertThat(guide).as("docs/grafana.md explains " + env.group(1)).contains(env.group(1));
      }
    }

    Set<String> uids = new LinkedHashSet<>();
    for (Path dashboard : dashboards()) {
      JsonNode d = ApiClient.JSON.readTree(dashboard.toFile());
      assertThat(uids.add(d.path("uid").asText())).as("a dashboard uid of its own").isTrue();
      for (JsonNode ds : d.findValues("datasource")) {
        assertThat(typeByUid)
            .as(dashboard + " refers to a provisioned data source")
            .containsEntry(ds.path("uid").asText(), ds.path("type").asText());
      }
      for (JsonNode panel : panels(d)) {
        if (!panel.path("type").asText().equals("row")) {
          assertThat(panel.has("datasource")).as(panel.path("title").asText()).isTrue();
          assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        }
      }
    }
    assertThat(uids).containsExactlyInAnyOrder("ioc-leaders", "ioc-operations");
  }

  @Test
  void everyPostgresPanelRunsOnTheMigratedSchemaAndDrawsTheRecordedIndicators() throws Exception {
    assertThat(zoneWithData).as("the recorder measured some zone").isNotNull();
    Instant from = at.minus(Duration.ofHours(1));
    Instant to = Instant.now().plus(Duration.ofHours(1));
    int queries = 0;
    for (Path dashboard : dashboards()) {
      JsonNode d = ApiClient.JSON.readTree(dashboard.toFile());
      for (JsonNode variable : d.path("templating").path("list")) {
        if (isPostgres(variable.path("datasource"))) {
          List<Map<String, Object>> zones =
              run(GrafanaSql.expand(variable.path("query").asText(), from, to, Map.of()));
          assertThat(zones).as("the zone choices").hasSizeGreaterThan(1);
          assertThat(zones.get(0)).containsEntry("__value", "city");
          assertThat(zones).anySatisfy(z -> assertThat(z).containsEntry("__value", zoneWithData));
        }
      }
      for (JsonNode panel : panels(d)) {
        for (JsonNode target : panel.path("targets")) {
          JsonNode ds =
              target.has("datasource") ? target.get("datasource") : panel.get("datasource");
          if (!isPostgres(ds)) {
            continue;
          }
          String title = dashboard.getFileName() + ": " + panel.path("title").asText();
          String sql = target.path("rawSql").asText();
          List<Map<String, Object>> city =
              run(GrafanaSql.expand(sql, from, to, Map.of("zone", "city")));
          assertThat(city).as(title + " draws the city's indicators").isNotEmpty();
          if ("time_series".equals(target.path("format").asText())) {
            assertThat(city.get(0)).as(title).containsKeys("time", "value");
          }
          // A ward's series may be empty (no river station in it), but the query must run.
          run(GrafanaSql.expand(sql, from, to, Map.of("zone", zoneWithData)));
          queries++;
        }
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(10);
  }

  @Test
  void everyRecordedIndicatorIsOnTheLeadersDashboardAndItNamesNoOther() throws Exception {
    assertThat(KPIS).as("what the node records is a known indicator").containsAll(recorded);
    assertThat(recorded)
        .as("a quiet node still records devices, alerts, lights, incidents and flood warnings")
        .contains("devices.online", "lighting.lights_working", "flood.warnings_24h");
    List<Pattern> named = new ArrayList<>();
    for (Path dashboard : dashboards()) {
      for (JsonNode sql : ApiClient.JSON.readTree(dashboard.toFile()).findValues("rawSql")) {
        Matcher m = KPI_LITERAL.matcher(sql.asText());
        while (m.find()) {
          Pattern p = Pattern.compile(Pattern.quote(m.group(1)).replace("%", "\\E.*\\Q"));
          assertThat(KPIS)
              .as("'%s' names an indicator", m.group(1))
              .anyMatch(k -> p.matcher(k).matches());
          named.add(p);
        }
      }
    }
    for (String kpi : KPIS) {
      assertThat(named).as(kpi + " is on a dashboard").anyMatch(p -> p.matcher(kpi).matches());
    }
  }

  @Test
  void everyPrometheusQueryReadsSeriesAndLabelsTheNodeExports() throws Exception {
    // A quarantined reading, so the per-reason counter exists as it does on any working node.
    String probe =
        TestStack.generated(stack)
            .filter(d -> d.domain().equals(Domain.of("water")))
            .findFirst()
            .orElseThrow()
            .id();
    ApiClient gateway =
        new ApiClient(stack.httpPort()).withAuthorization(TestAccess.gatewayBasic(stack));
    gateway.post(
        "/api/v1/ingest",
        "application/json",
        "[{\"deviceId\":\"" + probe + "\",\"values\":{\"ph\":99}}]");
    ApiClient admin = TestAccess.api(stack, Role.ADMIN);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> admin.send("/metrics").body().contains("ioc_ingest_quarantined_total"));
    PrometheusScrape scrape = new PrometheusScrape(admin.send("/metrics").body());

    int expressions = 0;
    for (Path dashboard : dashboards()) {
      JsonNode d = ApiClient.JSON.readTree(dashboard.toFile());
      for (JsonNode variable : d.path("templating").path("list")) {
        if (isPrometheus(variable.path("datasource"))) {
          Matcher m =
              Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)")
                  .matcher(variable.path("definition").asText());
          assertThat(m.matches()).as(variable.toString()).isTrue();
          assertThat(scrape.has(m.group(1))).as(m.group(1)).isTrue();
          assertThat(
                  TARGET_LABELS.contains(m.group(2))
                      || scrape.hasLabel(m.group(1), m.group(2), null))
              .isTrue();
        }
      }
      for (JsonNode panel : panels(d)) {
        for (JsonNode target : panel.path("targets")) {
          JsonNode ds =
              target.has("datasource") ? target.get("datasource") : panel.get("datasource");
          if (!isPrometheus(ds)) {
            continue;
          }
          String expr = target.path("expr").asText();
          PromQlRefs refs = PromQlRefs.of(expr);
          assertThat(refs.metrics()).as(expr).isNotEmpty();
          for (String metric : refs.metrics()) {
            assertThat(scrape.has(metric)).as("%s is exported (%s)", metric, expr).isTrue();
          }
          for (PromQlRefs.LabelMatcher m : refs.matchers()) {
            String value = m.op().equals("=") && !m.value().contains("$") ? m.value() : null;
            assertThat(
                    TARGET_LABELS.contains(m.label())
                        || scrape.hasLabel(m.metric(), scraped(m.label()), value))
                .as("%s{%s%s\"%s\"} in %s", m.metric(), m.label(), m.op(), m.value(), expr)
                .isTrue();
          }
          for (String grouped : refs.groupedBy()) {
            String label = scraped(grouped);
            assertThat(
                    TARGET_LABELS.contains(grouped)
                        || refs.metrics().stream().anyMatch(n -> scrape.hasLabel(n, label, null)))
                .as("by (%s) in %s", grouped, expr)
                .isTrue();
          }
          Matcher legend =
              Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}")
                  .matcher(target.path("legendFormat").asText());
          while (legend.find()) {
            assertThat(refs.groupedBy())
                .as("the legend's %s survives the aggregation of %s", legend.group(1), expr)
                .contains(legend.group(1));
          }
          expressions++;
        }
      }
    }
    assertThat(expressions).isGreaterThanOrEqualTo(10);
  }

  /**
   * The label as the node exports it: Prometheus renames a node's label that clashes with a target
   * label ({@code job} of {@code ioc_feature_job_failures_total}) to {@code exported_<name>}.
   */
  private static String scraped(String label) {
    String bare = label.startsWith("exported_") ? label.substring("exported_".length()) : label;
    return TARGET_LABELS.contains(bare) ? bare : label;
  }

  private static List<Path> dashboards() throws IOException {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      List<Path> out = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(out).isNotEmpty();
      return out;
    }
  }

  /** A dashboard's panels, those inside collapsed rows too. */
  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      out.add(p);
      p.path("panels").forEach(out::add);
    }
    return out;
  }

  private static boolean isPostgres(JsonNode ds) {
    return ds != null && ds.path("uid").asText().equals("ioc-postgres");
  }

  private static boolean isPrometheus(JsonNode ds) {
    return ds != null && ds.path("uid").asText().equals("ioc-prometheus");
  }

  /** The rows of a query, each by column label. */
  private static List<Map<String, Object>> run(String sql) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        Statement st = c.createStatement()) {
      c.setReadOnly(true); // as Grafana's user should be: SELECT only
      try (ResultSet rs = st.executeQuery(sql)) {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new HashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      } finally {
        c.setReadOnly(false);
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e.getMessage() + "\n" + sql, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file)) {
      return (Map<String, Object>) new Yaml().load(r);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> yaml, String key) {
    return (List<Map<String, Object>>) yaml.get(key);
  }
}
