package vn.cantho.ioc.reports;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.feature.FeatureContext;
import vn.cantho.ioc.core.feature.FeaturePermission;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.reports.api.DailyReportHandler;

/**
 * Reports for the city's leaders (issue 18, docs/reports.md): the daily PDF drawn from the
 * indicators every feature records ({@code kpi_points}) and the alerts raised. It reads the
 * indicators by name prefix, so it depends on no other feature and keeps no table of its own.
 */
public final class ReportsFeature implements IocFeature {
  public static final String ID = "reports";

  /**
   * Reading the daily report: every role that reads the leaders' indicators ({@code GET
   * /api/v1/kpi}), so every role but the farmer, whose figures are his ponds', not the city's.
   */
  public static final FeaturePermission READ =
      new FeaturePermission(
          "reports.read",
          Set.of(
              Role.CITY_OPERATOR,
              Role.COMMUNE_OPERATOR,
              Role.TRAFFIC_STAFF,
              Role.MAINTENANCE,
              Role.VIEWER));

  private FeatureContext context;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<FeaturePermission> permissions() {
    return List.of(READ);
  }

  @Override
  public void start(FeatureContext context) {
    this.context = context;
  }

  @Override
  public void routes(FeatureRoutes routes) {
    routes.route(
        HttpMethod.GET,
        DailyReportHandler.PATH,
        READ,
        new DailyReportHandler(
            new DailyReports(context.database()), routes.worker(), context.clock()));
  }

  @Override
  public List<String> openApiFragments() {
    return List.of("vn/cantho/ioc/reports/api/openapi.json");
  }
}
