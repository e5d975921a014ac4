package vn.cantho.ioc.core.feature;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.api.ApiExtension;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.export.ExportDataset;
import vn.cantho.ioc.core.export.KernelExports;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.notify.AlertNotices;
import vn.cantho.ioc.core.notify.NotificationPlanner;
import vn.cantho.ioc.core.reading.DerivedStep;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * The kernel's side of the feature seam (ADR 0012), used by the node, the benchmarks and the
 * feature test kit alike: runs each feature's migrations, gives it its context, mounts its routes,
 * schedules its jobs, shows its health, and stops it. The node calls these in its start order;
 * nothing here knows any feature.
 */
public final class FeatureHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureHost.class);

  private final List<IocFeature> features;
  private final List<FeatureContext> contexts = new ArrayList<>();

  /** Every dataset the node shares: the kernel's, then each feature's; set after the starts. */
  private volatile List<ExportDataset> exports = List.of();

  private volatile JobScheduler jobs;

  public FeatureHost(List<IocFeature> features) {
    Set<String> ids = new HashSet<>();
    for (IocFeature f : features) {
      if (!ids.add(f.id())) {
        throw new IllegalArgumentException("two features are called " + f.id());
      }
      for (FeaturePermission p : f.permissions()) {
        // A feature's permission codes are its own: prefixed by its id, so two never clash.
        if (!p.code().startsWith(f.id() + ".")) {
          throw new IllegalArgumentException(
              "feature " + f.id() + " declares permission " + p.code() + " outside its prefix");
        }
      }
    }
    this.features = List.copyOf(features);
  }

  /** The features on the classpath ({@code META-INF/services}). */
  public static List<IocFeature> installed() {
    List<IocFeature> found = new ArrayList<>();
    ServiceLoader.load(IocFeature.class).forEach(found::add);
    return found;
  }

  /** The kernel's metrics and every feature's. */
  public MetricCatalog catalog(MetricCatalog kernel) {
    MetricCatalog all = kernel;
    for (IocFeature f : features) {
      all = all.plus(f.metrics());
    }
    return all;
  }

  /** After the kernel's migrations, each feature's own, in its own history. */
  public void migrate(Database database) {
    features.forEach(f -> FeatureMigrations.migrate(database, f));
  }

  /** Every feature's derived-reading steps, fresh for one pipeline, in feature order. */
  public List<DerivedStep> derivedSteps() {
    return features.stream().flatMap(f -> f.derivedSteps().stream()).toList();
  }

  /** What the kernel hands each feature, but for its own live channel and configuration. */
  public record Kernel(
      Database database,
      Clock clock,
      DeviceRegistry devices,
      MetricCatalog catalog,
      LiveChannel live,
      AlertStore alerts,
      NotificationPlanner notifications,
      ZoneIndex zones,
      UserStore users,
      Vertx vertx,
      vn.cantho.ioc.core.command.CommandService commands,
      vn.cantho.ioc.core.reading.ReadingSink ingest,
      OpenTopics openTopics) {}

  /** Starts every feature with its context, then registers the words of its alerts; blocking. */
  public void start(Kernel kernel) throws Exception {
    AuditLog audit = new AuditLog(kernel.database());
    for (IocFeature f : features) {
      FeatureContext context =
          new FeatureContext(
              kernel.database(),
              kernel.clock(),
              kernel.devices(),
              kernel.catalog(),
              channel(f, kernel.live()),
              audit,
              kernel.alerts(),
              kernel.zones(),
              kernel.users(),
              kernel.vertx(),
              new FeatureConfig(f.id(), System.getenv()),
              kernel.commands(),
              kernel.ingest(),
              this::exports,
              kernel.openTopics());
      f.start(context);
      AlertNotices notices = f.alertNotices(context);
      if (notices != null) {
        kernel.notifications().register(f.id(), notices);
      }
      contexts.add(context);
      LOG.info("Feature {} started", f.id());
    }
    exports = collectExports(kernel);
  }

  /**
   * The kernel's datasets and each feature's, after their starts; two of one name stop the node.
   */
  private List<ExportDataset> collectExports(Kernel kernel) {
    List<ExportDataset> all =
        new ArrayList<>(KernelExports.of(kernel.database(), kernel.devices()));
    for (int i = 0; i < contexts.size(); i++) {
      all.addAll(features.get(i).exports(contexts.get(i)));
    }
    Set<String> names = new HashSet<>();
    for (ExportDataset d : all) {
      if (!d.name().matches("[a-z][a-z0-9_]*") || !names.add(d.name())) {
        throw new IllegalArgumentException(
            "dataset name " + d.name() + " is not [a-z][a-z0-9_]* or is offered twice");
      }
    }
    return List.copyOf(all);
  }

  /** Every dataset the node shares (the kernel's only before {@link #start}). */
  public List<ExportDataset> exports() {
    return exports;
  }

  /** Each feature's demo data, after the demo's devices and users exist. */
  public void seedDemo(DemoSeed seed) throws Exception {
    for (int i = 0; i < contexts.size(); i++) {
      features.get(i).seedDemo(contexts.get(i), seed);
    }
  }

  /** A feature may publish the live types it declared, and no other. */
  private static LiveChannel channel(IocFeature f, LiveChannel live) {
    Set<String> types = Set.copyOf(f.liveTypes());
    return new LiveChannel() {
      @Override
      public void publish(String type, Device subject, JsonObject body) {
        declared(type);
        live.publish(type, subject, body);
      }

      @Override
      public void publishToZone(String type, String zoneId, JsonObject body) {
        declared(type);
        live.publishToZone(type, zoneId, body);
      }

      private void declared(String type) {
        if (!types.contains(type)) {
          throw new IllegalArgumentException(
              "feature " + f.id() + " did not declare the live type " + type);
        }
      }
    };
  }

  public List<HealthIndicator> health() {
    List<HealthIndicator> all = new ArrayList<>();
    for (int i = 0; i < contexts.size(); i++) {
      all.addAll(features.get(i).health(contexts.get(i)));
    }
    return all;
  }

  /** Every feature's routes, mounted with the kernel's authentication and worker pool. */
  /** Every feature's indicators (after {@link #start}). */
  public List<vn.cantho.ioc.core.kpi.KpiSource> kpiSources() {
    List<vn.cantho.ioc.core.kpi.KpiSource> all = new ArrayList<>();
    for (int i = 0; i < contexts.size(); i++) {
      all.addAll(features.get(i).kpiSources(contexts.get(i)));
    }
    return all;
  }

  public ApiExtension routes() {
    return new ApiExtension() {
      @Override
      public void mount(Router router, FeatureRoutes routes) {
        features.forEach(f -> f.routes(routes));
      }

      @Override
      public List<String> openApiFragments() {
        return features.stream().flatMap(f -> f.openApiFragments().stream()).toList();
      }

      @Override
      public List<String> consoleScripts() {
        return features.stream().map(IocFeature::consoleScript).filter(s -> s != null).toList();
      }
    };
  }

  /** Runs each job on a worker every period; a run still going when the next is due is skipped. */
  public void scheduleJobs(Vertx vertx, MeterRegistry meters) {
    scheduleJobs(vertx, meters, () -> true);
  }

  /**
   * As {@link #scheduleJobs(Vertx, MeterRegistry)}, in a cluster (ADR 0022): a job that is not
   * {@link PeriodicJob#perNode} runs only while {@code leader} says this node leads, checked at
   * each run, so the cluster runs it once. {@code ioc_leader{feature,job}} is 1 where a job runs.
   */
  public void scheduleJobs(Vertx vertx, MeterRegistry meters, BooleanSupplier leader) {
    jobs = new JobScheduler(vertx);
    for (int i = 0; i < contexts.size(); i++) {
      String feature = features.get(i).id();
      for (PeriodicJob job : features.get(i).jobs(contexts.get(i))) {
        BooleanSupplier runsHere = job.perNode() ? () -> true : leader;
        Counter failures =
            Counter.builder("ioc.feature.job.failures")
                .description("runs of a feature's periodic job that failed")
                .tag("feature", feature)
                .tag("job", job.name())
                .register(meters);
        Gauge.builder("ioc.leader", runsHere, r -> r.getAsBoolean() ? 1 : 0)
            .description("1 where this node runs the job (the leader, or every node for its own)")
            .strongReference(true)
            .tag("feature", feature)
            .tag("job", job.name())
            .register(meters);
        jobs.schedule(
            job.every(),
            runsHere,
            job.work(),
            e -> {
              failures.increment();
              LOG.warn("Job {}/{} failed: {}", feature, job.name(), e.toString());
            });
      }
    }
  }

  /** Stops the jobs, waiting at most {@code grace} for runs in progress; before Vert.x closes. */
  public void stopJobs(Duration grace) {
    if (jobs != null) {
      jobs.stop(grace);
    }
  }

  @Override
  public void close() {
    for (IocFeature f : features) {
      try {
        f.close();
      } catch (RuntimeException e) {
        LOG.warn("Feature {} did not stop cleanly: {}", f.id(), e.getMessage());
      }
    }
  }
}
