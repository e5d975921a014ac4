package vn.cantho.ioc.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.reports.DailyReports;
import vn.cantho.ioc.reports.ReportDate;
import vn.cantho.ioc.reports.daily.ReportScope;

/**
 * {@code ioc report daily [--date YYYY-MM-DD] [--out FILE]}: the leaders' daily PDF for the whole
 * city, the same renderer as {@code GET /api/v1/reports/daily} (docs/reports.md), written to a file
 * ({@code bao-cao-ngay-<date>.pdf} by default). Same database choice as {@code zones}.
 */
final class ReportCommand {
  private static final String USAGE = "usage: report daily [--date YYYY-MM-DD] [--out FILE]";

  private ReportCommand() {}

  static void run(List<String> args) throws Exception {
    System.out.print(execute(args));
  }

  /** Writes the report and returns what it prints. */
  static String execute(List<String> args) throws Exception {
    Options o = Options.parse(args, Set.of(), Set.of("date", "out", "data", "db-url", "db-user"));
    if (!o.positional().equals(List.of("daily"))) {
      throw new IllegalArgumentException(USAGE);
    }
    LocalDate date;
    try {
      date = ReportDate.parse(o.get("date", null, null), Clock.systemUTC());
    } catch (BadRequest e) {
      throw new IllegalArgumentException("--date: " + e.getMessage(), e);
    }
    Path out = Path.of(o.get("out", null, DailyReports.fileName(date)));
    byte[] pdf =
        CommandDatabase.use(
            o, db -> new DailyReports(db).pdf(date, ReportScope.CITY, Instant.now()));
    Files.write(out, pdf);
    return "Wrote the daily report of " + date + " to " + out + " (" + pdf.length + " bytes)\n";
  }
}
