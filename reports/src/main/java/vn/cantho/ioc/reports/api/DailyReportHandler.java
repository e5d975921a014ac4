package vn.cantho.ioc.reports.api;

import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.reports.DailyReports;
import vn.cantho.ioc.reports.ReportDate;
import vn.cantho.ioc.reports.daily.ReportScope;

/**
 * {@code GET /api/v1/reports/daily?date=YYYY-MM-DD}: the day's report as a PDF, drawn on the worker
 * pool (it reads the database and takes a few hundred milliseconds). A commune operator's report
 * covers his zones, as his indicators do; the city's figures are not his.
 */
public final class DailyReportHandler implements Handler<RoutingContext> {
  public static final String PATH = "/api/v1/reports/daily";
  public static final String MEDIA_TYPE = "application/pdf";

  private final DailyReports reports;
  private final WorkerExecutor worker;
  private final Clock clock;

  public DailyReportHandler(DailyReports reports, WorkerExecutor worker, Clock clock) {
    this.reports = reports;
    this.worker = worker;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    LocalDate date = ReportDate.parse(QueryParams.text(ctx, "date"), clock); // 400 if bad
    ReportScope scope = new ReportScope(caller.zoneScope());
    worker
        .executeBlocking(() -> reports.pdf(date, scope, clock.instant()), false)
        .onSuccess(
            pdf ->
                ctx.response()
                    .putHeader("Content-Type", MEDIA_TYPE)
                    .putHeader(
                        "Content-Disposition",
                        "inline; filename=\"" + DailyReports.fileName(date) + "\"")
                    .putHeader("Cache-Control", "no-store")
                    .end(Buffer.buffer(pdf)))
        .onFailure(e -> Responses.failure(ctx, e));
  }
}
