package vn.cantho.ioc.water;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import vn.cantho.ioc.core.auth.Permission;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.feature.DemoSeed;
import vn.cantho.ioc.core.feature.FeatureContext;
import vn.cantho.ioc.core.feature.FeaturePermission;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.feature.PeriodicJob;
import vn.cantho.ioc.core.kpi.KpiSource;
import vn.cantho.ioc.core.notify.AlertNotices;
import vn.cantho.ioc.core.reading.DerivedStep;
import vn.cantho.ioc.core.store.SeriesStore;
import vn.cantho.ioc.water.api.PondsHandler;
import vn.cantho.ioc.water.api.RulesHandler;
import vn.cantho.ioc.water.api.WqiHandler;
import vn.cantho.ioc.water.farm.FarmStore;
import vn.cantho.ioc.water.farm.WaterDemo;
import vn.cantho.ioc.water.notify.MessageComposer;
import vn.cantho.ioc.water.notify.WaterNotices;
import vn.cantho.ioc.water.rules.AlertEngine;
import vn.cantho.ioc.water.rules.RuleStore;

/**
 * Water quality for aquaculture and rivers (plan items 14 and 15): the probes' metrics and what is
 * derived from them on ingest (NH3, pH swing, rates, the dawn oxygen projection), the threshold
 * rules of each species and the alerts they raise, the digital map of farms and ponds, the farmers'
 * messages, and VN_WQI for river stations. Everything it adds to the node goes through {@link
 * IocFeature}; docs/domain.md §1–3 has the thresholds and formulas with their sources.
 */
public final class WaterFeature implements IocFeature {
  public static final String ID = "water";

  /** The device domain of water-quality probes and river stations. */
  public static final Domain DOMAIN = Domain.of("water");

  /** Change a pond's, a farm's or a probe's thresholds. */
  public static final FeaturePermission MANAGE_RULES =
      new FeaturePermission("water.rules.manage", Set.of(Role.CITY_OPERATOR));

  /** Register farms and ponds: owner, species, outline, probes. */
  public static final FeaturePermission MANAGE_FARMS =
      new FeaturePermission("water.farms.manage", Set.of(Role.CITY_OPERATOR));

  /** How often the last hours' VN_WQI is brought up to date (an hour is written once). */
  static final Duration WQI_CHECK = Duration.ofMinutes(10);

  private FeatureContext context;
  private RuleStore rules;
  private FarmStore farms;
  private AlertEngine engine;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Metric> metrics() {
    return WaterMetrics.ALL;
  }

  @Override
  public List<FeaturePermission> permissions() {
    return List.of(MANAGE_RULES, MANAGE_FARMS);
  }

  @Override
  public List<DerivedStep> derivedSteps() {
    return List.of(
        DerivedReadings::of, new DailyPhSwing(), new RateOfChange(), new NightOxygenProjection());
  }

  /** The farm map's ponds, for export (issue 18); farms and probes stay with their pages. */
  @Override
  public List<vn.cantho.ioc.core.export.ExportDataset> exports(FeatureContext context) {
    return List.of(new vn.cantho.ioc.water.farm.PondsExport(farms));
  }

  @Override
  public void start(FeatureContext context) throws Exception {
    this.context = context;
    rules = new RuleStore(context.database());
    farms = new FarmStore(context.database());
    engine = new AlertEngine(context.devices(), rules, context.alerts(), farms, context.clock());
    engine.startOn(context.vertx()).toCompletionStage().toCompletableFuture().join();
  }

  @Override
  public AlertNotices alertNotices(FeatureContext context) {
    return new WaterNotices(new MessageComposer(context.catalog()), farms);
  }

  @Override
  public void routes(FeatureRoutes routes) {
    FeatureContext c = context;
    WqiHandler wqi =
        new WqiHandler(
            c.devices(), new SeriesStore(c.database()), routes.authn(), routes.worker(), c.clock());
    RulesHandler rulesHandler =
        new RulesHandler(
            rules, c.devices(), c.catalog(), routes.authn(), routes.worker(), c.vertx(), farms);
    PondsHandler ponds =
        new PondsHandler(
            farms,
            c.alerts(),
            c.devices(),
            routes.deviceJson(),
            routes.authn(),
            routes.worker(),
            c.clock(),
            rules,
            c.zones(),
            c.vertx(),
            c.users());
    Permission map = Permission.READ_MAP;
    routes.route(HttpMethod.GET, "/api/v1/devices/:id/wqi", map, wqi::handle);
    routes.route(HttpMethod.GET, "/api/v1/rules", map, rulesHandler::profile);
    routes.route(HttpMethod.GET, "/api/v1/devices/:id/rules", map, rulesHandler::device);
    routes.route(HttpMethod.PUT, "/api/v1/devices/:id/rules", MANAGE_RULES, rulesHandler::override);
    routes.route(
        HttpMethod.PUT,
        "/api/v1/ponds/:id/rules",
        MANAGE_RULES,
        ctx -> rulesHandler.overrideScope(ctx, RuleStore.Scope.POND));
    routes.route(
        HttpMethod.PUT,
        "/api/v1/farms/:id/rules",
        MANAGE_RULES,
        ctx -> rulesHandler.overrideScope(ctx, RuleStore.Scope.FARM));
    routes.route(HttpMethod.GET, "/api/v1/ponds", map, ponds::list);
    routes.route(HttpMethod.PUT, "/api/v1/ponds/:id", MANAGE_FARMS, ponds::put);
    routes.route(HttpMethod.GET, "/api/v1/ponds/:id", map, ponds::one);
  }

  /** The pond layer of the live map: outlines coloured by their worst open alert. */
  @Override
  public String consoleScript() {
    return "features/water.js";
  }

  @Override
  public List<String> openApiFragments() {
    String dir = "vn/cantho/ioc/water/api/openapi/";
    return List.of(dir + "wqi.json", dir + "rules.json", dir + "ponds.json");
  }

  @Override
  public List<PeriodicJob> jobs(FeatureContext context) {
    HourlyWqi wqi = new HourlyWqi(context.database(), context.devices());
    Duration every =
        Duration.ofMinutes(context.config().number("WQI_CHECK_MINUTES", WQI_CHECK.toMinutes()));
    return List.of(
        new PeriodicJob("vn-wqi", every, () -> wqi.computeRecent(context.clock().instant())));
  }

  /** The river stations' VN_WQI class shares, per zone and for the city (issue 18). */
  @Override
  public List<KpiSource> kpiSources(FeatureContext context) {
    return List.of(new WqiKpis(context.database(), context.devices()));
  }

  @Override
  public void seedDemo(FeatureContext context, DemoSeed seed) throws Exception {
    WaterDemo.seed(context.database(), context.devices(), seed);
  }
}
