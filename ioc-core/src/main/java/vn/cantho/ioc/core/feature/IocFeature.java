package vn.cantho.ioc.core.feature;

import java.util.List;
import java.util.Set;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.notify.AlertNotices;
import vn.cantho.ioc.core.reading.DerivedStep;

/**
 * One city domain plugged into the kernel, found with {@link java.util.ServiceLoader} (a line in
 * {@code META-INF/services/vn.cantho.ioc.core.feature.IocFeature}). Everything it contributes is
 * declared here; the kernel adds authentication, scope, the worker pool, error mapping, its own
 * migration history and the scheduling, so a feature edits no central class. Every method but
 * {@link #id()} has an empty default.
 */
public interface IocFeature {

  /**
   * Lower-case code ({@code [a-z][a-z0-9_]*}): its migrations live in {@code db/feature/<id>} with
   * their own history table {@code flyway_<id>_history}, its settings are {@code IOC_<ID>_…}. New
   * routes go under {@code /api/v1/<id>/}; water's kept the paths they had before the seam.
   */
  String id();

  /** Catalog entries the pipeline accepts, stores and labels, beside the kernel's. */
  default List<Metric> metrics() {
    return List.of();
  }

  /** The permissions its routes need, with the roles that hold them (admin holds all). */
  default List<FeaturePermission> permissions() {
    return List.of();
  }

  /** Adds its HTTP routes; called once, before the server listens. */
  default void routes(FeatureRoutes routes) {}

  /**
   * Class-path resources describing its routes: OpenAPI fragments merged into the API's document
   * ({@code /api/v1/openapi.json}), shipped beside the routes they describe.
   */
  default List<String> openApiFragments() {
    return List.of();
  }

  /**
   * Web path of the feature's console script, served from the class-path folder {@code webroot/} of
   * its jar, e.g. {@code features/water.js}; null for none. The script registers itself with the
   * console's shell ({@code IOC.register}).
   */
  default String consoleScript() {
    return null;
  }

  /** The live-feed message types it publishes; publishing any other is refused. */
  default Set<String> liveTypes() {
    return Set.of();
  }

  /**
   * Its steps that derive readings on ingest from those just accepted; called once per pipeline, so
   * each gets fresh state.
   */
  default List<DerivedStep> derivedSteps() {
    return List.of();
  }

  /**
   * Who hears of its alerts and in what words, or null when they reach nobody but the live map and
   * the alert list. Called after {@link #start}.
   */
  default AlertNotices alertNotices(FeatureContext context) {
    return null;
  }

  /** Adds its demo data for {@code ioc demo} (blocking; the demo's devices are registered). */
  default void seedDemo(FeatureContext context, DemoSeed seed) throws Exception {}

  /**
   * Called once at start, after its migrations ran and before its routes serve; blocking is fine
   * here.
   */
  default void start(FeatureContext context) throws Exception {}

  /** Periodic work the kernel runs on its worker pool. */
  default List<PeriodicJob> jobs(FeatureContext context) {
    return List.of();
  }

  /**
   * Its indicators for the city's leaders ({@code GET /api/v1/kpi}), measured with the kernel's
   * every few minutes, per zone and for the city; their names start with the feature's id.
   */
  default List<vn.cantho.ioc.core.kpi.KpiSource> kpiSources(FeatureContext context) {
    return List.of();
  }

  /**
   * Datasets it shares with other systems (issue 18): named tables with columns, a scoped,
   * key-ordered page reader, an optional place per row and an optional change log. The sharing
   * feature serves them as CSV, JSON and GeoJSON and pushes their changes; a feature offers its
   * rows without knowing how they leave. Called after {@link #start}; names are unique on the node.
   */
  default List<vn.cantho.ioc.core.export.ExportDataset> exports(FeatureContext context) {
    return List.of();
  }

  /** Shown under {@code /api/v1/health} components. */
  default List<HealthIndicator> health(FeatureContext context) {
    return List.of();
  }

  /** Called once when the node stops, before the database closes. */
  default void close() {}
}
