package vn.cantho.ioc.lighting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.feature.DemoSeed;
import vn.cantho.ioc.core.feature.FeatureContext;
import vn.cantho.ioc.core.feature.FeaturePermission;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.feature.PeriodicJob;
import vn.cantho.ioc.core.kpi.KpiSource;
import vn.cantho.ioc.core.notify.AlertNotices;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.lighting.api.LightingApi;
import vn.cantho.ioc.lighting.control.LampEnergy;
import vn.cantho.ioc.lighting.control.LampFaults;
import vn.cantho.ioc.lighting.control.LightingKpis;
import vn.cantho.ioc.lighting.control.Overrides;
import vn.cantho.ioc.lighting.control.ScheduleRunner;
import vn.cantho.ioc.lighting.control.Schedules;
import vn.cantho.ioc.lighting.energy.Tariff;
import vn.cantho.ioc.lighting.fault.FaultParameters;
import vn.cantho.ioc.lighting.inventory.LightingGroups;
import vn.cantho.ioc.lighting.inventory.LuminaireStore;
import vn.cantho.ioc.lighting.notify.LightingNotices;
import vn.cantho.ioc.lighting.schedule.AstroCache;
import vn.cantho.ioc.lighting.schedule.AstroClock;

/**
 * Smart public lighting (issue 15, docs/lighting.md): schedules carried out by commands through the
 * kernel's command service, operators' commands to a light or a group, broken lights found from
 * what they report against what they were commanded and raised as alerts for the crews, and the
 * energy saved.
 *
 * <p>Settings: {@code IOC_LIGHTING_TARIFF_VND_PER_KWH} (the city's price of a kWh; without it
 * savings are given in kWh only), {@code IOC_LIGHTING_SCHEDULE_SECONDS} (how often schedules are
 * checked, default 15), {@code IOC_LIGHTING_REPORT_SECONDS} (the lights' report interval, default
 * 60, which sets the fault rules' windows).
 */
public final class LightingFeature implements IocFeature {
  private static final Logger LOG = LoggerFactory.getLogger(LightingFeature.class);
  public static final String ID = "lighting";

  /** The clock schedules are read on; null for the node's (a benchmark sets a night). */
  private final java.time.Clock scheduleClock;

  private FeatureContext context;
  private LuminaireStore luminaires;
  private Schedules schedules;
  private Overrides overrides;
  private ScheduleRunner runner;
  private LampFaults faults;
  private LampEnergy energy;
  private LightingGroups groups;
  private Tariff tariff;
  private Duration scheduleEvery;

  /** The feature as a node runs it: schedules on the node's clock. */
  public LightingFeature() {
    this(null);
  }

  /**
   * Schedules read on another clock than the node's: a benchmark that must change the lights' level
   * whatever the hour of its run evaluates them at a night-time hour.
   */
  public LightingFeature(java.time.Clock scheduleClock) {
    this.scheduleClock = scheduleClock;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<FeaturePermission> permissions() {
    return List.of(LightingPermissions.COMMAND, LightingPermissions.SCHEDULES);
  }

  @Override
  public void start(FeatureContext context) throws Exception {
    this.context = context;
    luminaires = new LuminaireStore(context.database());
    luminaires.load();
    groups = new LightingGroups(context.devices(), luminaires);
    schedules = new Schedules(context.database(), groups);
    schedules.load();
    overrides = new Overrides(context.database());
    overrides.load();
    runner =
        new ScheduleRunner(
            groups,
            schedules,
            overrides,
            context.commands(),
            scheduleClock == null ? context.clock() : scheduleClock,
            context.clock());
    Duration report = Duration.ofSeconds(context.config().number("REPORT_SECONDS", 60));
    scheduleEvery = Duration.ofSeconds(context.config().number("SCHEDULE_SECONDS", 15));
    faults =
        new LampFaults(
            context.devices(),
            luminaires,
            schedules,
            context.commands(),
            context.alerts(),
            FaultParameters.forInterval(report));
    energy = new LampEnergy(report, luminaires, new AstroCache(new AstroClock()));
    tariff =
        context
            .config()
            .get("TARIFF_VND_PER_KWH")
            .map(v -> new Tariff(Double.parseDouble(v)))
            .orElse(null);
    context
        .vertx()
        .eventBus()
        .<CommittedReadings>consumer(
            CommittedReadings.ADDRESS,
            m -> {
              faults.heard(m.body().readings());
              energy.heard(m.body().readings());
            });
    LOG.info(
        "Lighting: {} luminaires, {} schedule assignments",
        luminaires.all().size(),
        schedules.assignments().size());
  }

  @Override
  public AlertNotices alertNotices(FeatureContext context) {
    return new LightingNotices(context.devices(), luminaires);
  }

  @Override
  public void routes(FeatureRoutes routes) {
    new LightingApi(
            groups,
            schedules,
            overrides,
            runner,
            energy,
            context.commands(),
            tariff,
            context.clock())
        .mount(routes);
  }

  @Override
  public List<String> openApiFragments() {
    return List.of("vn/cantho/ioc/lighting/api/openapi.json");
  }

  @Override
  public String consoleScript() {
    return "features/lighting.js";
  }

  @Override
  public Set<String> liveTypes() {
    return Set.of();
  }

  /** Lights working and today's energy saved, per zone and for the city (issue 18). */
  @Override
  public List<KpiSource> kpiSources(FeatureContext context) {
    return List.of(new LightingKpis(groups, energy, context.alerts(), context.database(), tariff));
  }

  @Override
  public List<PeriodicJob> jobs(FeatureContext context) {
    return List.of(
        new PeriodicJob("lighting-schedules", scheduleEvery, runner::run),
        new PeriodicJob(
            "lighting-comm-loss",
            Duration.ofSeconds(30),
            () -> {
              faults.tick();
              return null;
            }));
  }

  /** The demo's luminaires come from its registry file's attributes. */
  @Override
  public void seedDemo(FeatureContext context, DemoSeed seed) throws Exception {
    Path registry = seed.registryFile();
    if (registry != null) {
      int n = luminaires.upsert(LuminaireStore.readRegistryFile(registry));
      LOG.info("Lighting demo: {} luminaires from {}", n, registry);
    }
  }

  /** Imports luminaires from a registry file ({@code ioc lighting import FILE}). */
  public static int importLuminaires(vn.cantho.ioc.core.store.Database database, Path file)
      throws Exception {
    return new LuminaireStore(database).upsert(LuminaireStore.readRegistryFile(file));
  }

  /** The schedule runner, for benchmarks that change a schedule and watch it carried out. */
  public ScheduleRunner runner() {
    return runner;
  }

  public LampFaults faults() {
    return faults;
  }

  public LampEnergy energy() {
    return energy;
  }

  public Schedules schedules() {
    return schedules;
  }

  @Override
  public void close() {
    if (faults != null) {
      faults.close();
    }
  }
}
