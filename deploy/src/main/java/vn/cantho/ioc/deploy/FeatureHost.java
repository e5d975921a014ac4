package vn.cantho.ioc.deploy;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.api.ApiExtension;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.feature.FeatureContext;
import vn.cantho.ioc.core.feature.FeatureMigrations;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.feature.LiveChannel;
import vn.cantho.ioc.core.feature.PeriodicJob;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.live.LiveFeed;
import vn.cantho.ioc.core.store.Database;

/**
 * The node's side of the feature seam (ADR 0012): runs each feature's migrations, gives it its
 * context, mounts its routes, schedules its jobs, shows its health, and stops it. The node calls
 * these in its start order; nothing here knows any feature.
 */
final class FeatureHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureHost.class);

  private final List<IocFeature> features;
  private final List<FeatureContext> contexts = new ArrayList<>();

  FeatureHost(List<IocFeature> features) {
    Set<String> ids = new HashSet<>();
    for (IocFeature f : features) {
      if (!ids.add(f.id())) {
        throw new IllegalArgumentException("two features are called " + f.id());
      }
    }
    this.features = List.copyOf(features);
  }

  /** The features on the classpath ({@code META-INF/services}). */
  static List<IocFeature> installed() {
    List<IocFeature> found = new ArrayList<>();
    ServiceLoader.load(IocFeature.class).forEach(found::add);
    return found;
  }

  /** The kernel's metrics and every feature's. */
  MetricCatalog catalog(MetricCatalog kernel) {
    MetricCatalog all = kernel;
    for (IocFeature f : features) {
      all = all.plus(f.metrics());
    }
    return all;
  }

  /** After the kernel's migrations, each feature's own, in its own history. */
  void migrate(Database database) {
    features.forEach(f -> FeatureMigrations.migrate(database, f));
  }

  /** Starts every feature with its context; blocking. */
  void start(
      Database database, Clock clock, DeviceRegistry devices, MetricCatalog catalog, LiveFeed live)
      throws Exception {
    AuditLog audit = new AuditLog(database);
    for (IocFeature f : features) {
      FeatureContext context =
          new FeatureContext(database, clock, devices, catalog, channel(f, live), audit);
      f.start(context);
      contexts.add(context);
      LOG.info("Feature {} started", f.id());
    }
  }

  /** A feature may publish the live types it declared, and no other. */
  private static LiveChannel channel(IocFeature f, LiveFeed live) {
    Set<String> types = Set.copyOf(f.liveTypes());
    return (type, subject, body) -> {
      if (!types.contains(type)) {
        throw new IllegalArgumentException(
            "feature " + f.id() + " did not declare the live type " + type);
      }
      live.publish(type, subject, body);
    };
  }

  List<HealthIndicator> health() {
    List<HealthIndicator> all = new ArrayList<>();
    for (int i = 0; i < contexts.size(); i++) {
      all.addAll(features.get(i).health(contexts.get(i)));
    }
    return all;
  }

  /** Every feature's routes, mounted with the kernel's authentication and worker pool. */
  ApiExtension routes() {
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
  void scheduleJobs(Vertx vertx) {
    for (int i = 0; i < contexts.size(); i++) {
      String feature = features.get(i).id();
      for (PeriodicJob job : features.get(i).jobs(contexts.get(i))) {
        AtomicBoolean running = new AtomicBoolean();
        vertx.setPeriodic(
            job.every().toMillis(),
            id -> {
              if (!running.compareAndSet(false, true)) {
                return;
              }
              vertx
                  .executeBlocking(job.work(), false)
                  .onComplete(done -> running.set(false))
                  .onFailure(
                      e -> LOG.warn("Job {}/{} failed: {}", feature, job.name(), e.toString()));
            });
      }
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
