package vn.cantho.ioc.reports;

import java.time.Instant;
import java.time.LocalDate;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.reports.daily.DailyReportLoader;
import vn.cantho.ioc.reports.daily.ReportScope;
import vn.cantho.ioc.reports.pdf.DailyReportPdf;

/**
 * The one way to make a daily report, for the API and {@code ioc report daily} alike: gather the
 * day from the database, draw it. Blocking.
 */
public final class DailyReports {
  private final DailyReportLoader loader;

  public DailyReports(Database database) {
    this.loader = new DailyReportLoader(database);
  }

  /** The PDF of the day for the scope, stamped as made at {@code madeAt}. */
  public byte[] pdf(LocalDate date, ReportScope scope, Instant madeAt) throws Exception {
    return DailyReportPdf.render(loader.load(date, scope, madeAt));
  }

  /** The file name a report of that day goes by: {@code bao-cao-ngay-2026-12-06.pdf}. */
  public static String fileName(LocalDate date) {
    return "bao-cao-ngay-" + date + ".pdf";
  }
}
