package vn.cantho.ioc.reports.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.kpi.KpiStore;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.reports.daily.DailyReport;
import vn.cantho.ioc.reports.daily.DayStats;
import vn.cantho.ioc.reports.daily.KpiLabels;
import vn.cantho.ioc.reports.daily.ReportDomain;
import vn.cantho.ioc.reports.daily.ReportDomains;

/**
 * Draws a {@link DailyReport} as an A4 PDF in Vietnamese: a cover with the day's closing figures
 * and the alerts raised, then one page per domain ({@link ReportDomains#ALL}) with each indicator's
 * lowest, highest and last value, a chart of the day and, for the city, the wards' closing values.
 */
public final class DailyReportPdf {
  public static final String NO_DATA = "không có số liệu";
  private static final String ORGANISATION =
      "Trung tâm Giám sát, điều hành đô thị thông minh thành phố Cần Thơ";
  private static final float CHART_HEIGHT = 190;

  /** The wards' table shows this many indicators at most: beyond, the columns are unreadable. */
  private static final int WARD_COLUMNS = 4;

  private DailyReportPdf() {}

  public static byte[] render(DailyReport report) throws IOException {
    try (PDDocument document = new PDDocument()) {
      ReportFonts fonts = ReportFonts.load(document);
      try (Sheet sheet = new Sheet(document, fonts)) {
        cover(sheet, report);
        int number = 1;
        for (ReportDomain domain : ReportDomains.ALL) {
          domainPage(sheet, report, domain, number++);
        }
      }
      footers(document, fonts, report);
      info(document, report);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    }
  }

  static String title(DailyReport report) {
    return "Báo cáo ngày " + VnFormat.date(report.date());
  }

  private static String scope(DailyReport report) {
    if (report.scope().city()) {
      return "Toàn thành phố";
    }
    if (report.areas().isEmpty()) {
      return "chưa được giao phường/xã nào"; // a commune operator given no zone yet
    }
    return String.join(", ", report.areas().stream().map(DailyReport.Area::name).toList());
  }

  private static void cover(Sheet sheet, DailyReport report) throws IOException {
    sheet.newPage();
    sheet.line("BÁO CÁO NGÀY", sheet.fonts().bold(), 22);
    sheet.line(ORGANISATION, sheet.fonts().regular(), 11);
    sheet.gap(8);
    sheet.line(
        VnFormat.weekday(report.date().getDayOfWeek())
            + ", ngày "
            + VnFormat.date(report.date())
            + " (00:00–24:00, giờ Việt Nam)",
        sheet.fonts().bold(),
        13);
    sheet.text("Phạm vi: " + scope(report));
    sheet.text("Lập lúc " + VnFormat.timeAndDate(report.madeAt()));

    sheet.heading("Tổng quan cuối ngày");
    List<DailyReport.Area> areas = report.areas().subList(0, Math.min(3, report.areas().size()));
    List<Sheet.Column> columns = new ArrayList<>();
    float valueWidth = 95;
    float labelWidth = sheet.width() - 120 - valueWidth * areas.size();
    columns.add(new Sheet.Column("Lĩnh vực", 120, false));
    columns.add(new Sheet.Column("Chỉ số", labelWidth, false));
    areas.forEach(a -> columns.add(new Sheet.Column(a.name(), valueWidth, true)));
    List<List<String>> rows = new ArrayList<>();
    for (ReportDomain domain : ReportDomains.ALL) {
      List<String> kpis = domain.kpis(report.kpisFound());
      if (kpis.isEmpty()) {
        List<String> row = new ArrayList<>(List.of(domain.title(), "—"));
        areas.forEach(a -> row.add(NO_DATA));
        rows.add(row);
      }
      for (int i = 0; i < kpis.size(); i++) {
        String kpi = kpis.get(i);
        List<String> row = new ArrayList<>();
        row.add(i == 0 ? domain.title() : "");
        row.add(KpiLabels.of(kpi));
        for (DailyReport.Area a : areas) {
          DayStats s = report.stats(a.key(), kpi);
          row.add(s == null ? NO_DATA : VnFormat.number(s.last()));
        }
        rows.add(row);
      }
    }
    int drawn = sheet.table(columns, rows, 120);
    if (drawn < rows.size()) {
      sheet.text("… và " + (rows.size() - drawn) + " chỉ số khác ở các trang sau.");
    }

    sheet.heading("Cảnh báo phát sinh trong ngày");
    List<List<String>> alerts = new ArrayList<>();
    long total = 0;
    for (Severity s : Severity.values()) {
      long n = report.alertsRaised().getOrDefault(s, 0L);
      total += n;
      alerts.add(List.of(s.labelVi(), VnFormat.number(n)));
    }
    alerts.add(List.of("Tổng cộng", VnFormat.number(total)));
    sheet.table(
        List.of(new Sheet.Column("Cấp", 200, false), new Sheet.Column("Số cảnh báo", 95, true)),
        alerts,
        0);
    sheet.gap(4);
    sheet.text(
        "Chỉ số đo 5 phút một lần; mỗi trang sau nêu giá trị thấp nhất, cao nhất và cuối ngày"
            + " của từng chỉ số trong ngày theo giờ Việt Nam.");
  }

  private static void domainPage(Sheet sheet, DailyReport report, ReportDomain domain, int number)
      throws IOException {
    sheet.newPage();
    sheet.title(number + ". " + domain.title());
    sheet.text(VnFormat.date(report.date()) + " – " + scope(report));
    List<String> kpis = domain.kpis(report.kpisFound());
    if (kpis.isEmpty()) {
      sheet.heading("Số liệu trong ngày");
      sheet.text("Lĩnh vực này " + NO_DATA + " trong ngày.");
    }
    for (DailyReport.Area area : kpis.isEmpty() ? List.<DailyReport.Area>of() : report.areas()) {
      sheet.heading("Số liệu trong ngày – " + area.name());
      List<List<String>> rows = new ArrayList<>();
      for (String kpi : kpis) {
        DayStats s = report.stats(area.key(), kpi);
        rows.add(
            s == null
                ? List.of(KpiLabels.of(kpi), NO_DATA)
                : List.of(
                    KpiLabels.of(kpi),
                    VnFormat.number(s.min()),
                    VnFormat.number(s.max()),
                    VnFormat.number(s.last())));
      }
      float figure = 70;
      int drawn =
          sheet.table(
              List.of(
                  new Sheet.Column("Chỉ số", sheet.width() - 3 * figure, false),
                  new Sheet.Column("Thấp nhất", figure, true),
                  new Sheet.Column("Cao nhất", figure, true),
                  new Sheet.Column("Cuối ngày", figure, true)),
              rows,
              CHART_HEIGHT + 40);
      if (drawn < rows.size()) {
        sheet.text("… và " + (rows.size() - drawn) + " chỉ số khác (GET /api/v1/kpi).");
        break;
      }
    }
    chart(sheet, report, domain);
    if (report.scope().city() && !kpis.isEmpty()) {
      wards(sheet, report, kpis);
    }
  }

  private static void chart(Sheet sheet, DailyReport report, ReportDomain domain)
      throws IOException {
    String area = report.areas().isEmpty() ? "" : " – " + report.areas().get(0).name();
    sheet.heading("Biểu đồ: " + domain.chartTitle() + area);
    List<LineChart.Line> lines = new ArrayList<>();
    int colour = 0;
    for (String kpi : domain.kpis(report.chart().keySet())) { // the page's order: cấp 1, 2, 3
      List<KpiStore.Point> points = report.chart().getOrDefault(kpi, List.of());
      if (domain.charts(kpi) && !points.isEmpty()) {
        lines.add(
            new LineChart.Line(
                KpiLabels.of(kpi), LineChart.PALETTE[colour++ % LineChart.PALETTE.length], points));
      }
    }
    if (lines.isEmpty()) {
      sheet.text("Biểu đồ: " + NO_DATA + ".");
      return;
    }
    float height = Math.min(CHART_HEIGHT, sheet.room());
    float bottom = sheet.reserve(height);
    java.time.Instant from = report.date().atStartOfDay(CanThoTime.ZONE).toInstant();
    java.time.Instant to = report.date().plusDays(1).atStartOfDay(CanThoTime.ZONE).toInstant();
    LineChart.draw(sheet, Sheet.MARGIN, bottom, sheet.width(), height, from, to, lines);
    sheet.gap(6);
  }

  /** The wards' closing values, as many as fit the page. */
  private static void wards(Sheet sheet, DailyReport report, List<String> kpis) throws IOException {
    List<String> shown =
        kpis.stream()
            .filter(k -> report.wards().stream().anyMatch(w -> report.stats(w.key(), k) != null))
            .limit(WARD_COLUMNS)
            .toList();
    if (shown.isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (DailyReport.Area ward : report.wards()) {
      if (shown.stream().noneMatch(k -> report.stats(ward.key(), k) != null)) {
        continue;
      }
      List<String> row = new ArrayList<>();
      row.add(ward.name());
      for (String kpi : shown) {
        DayStats s = report.stats(ward.key(), kpi);
        row.add(s == null ? "–" : VnFormat.number(s.last()));
      }
      rows.add(row);
    }
    if (sheet.room() < 60) {
      sheet.text("Số liệu theo phường/xã: xem GET /api/v1/kpi.");
      return;
    }
    sheet.heading("Theo phường/xã – giá trị cuối ngày");
    float nameWidth = 150;
    float each = (sheet.width() - nameWidth) / shown.size();
    List<Sheet.Column> columns = new ArrayList<>();
    columns.add(new Sheet.Column("Phường/xã", nameWidth, false));
    shown.forEach(k -> columns.add(new Sheet.Column(KpiLabels.of(k), each, true)));
    int drawn = sheet.table(columns, rows, 14);
    if (drawn < rows.size()) {
      sheet.text("… và " + (rows.size() - drawn) + " phường/xã khác (GET /api/v1/kpi).");
    }
  }

  private static void footers(PDDocument document, ReportFonts fonts, DailyReport report)
      throws IOException {
    int count = document.getNumberOfPages();
    for (int i = 0; i < count; i++) {
      PDPage page = document.getPage(i);
      try (PDPageContentStream cs =
          new PDPageContentStream(
              document, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
        String text = title(report) + " – " + scope(report) + " – Trang " + (i + 1) + "/" + count;
        String fitted = Sheet.fit(text, fonts.regular(), 8, PDRectangle.A4.getWidth() - 100);
        cs.beginText();
        cs.setFont(fonts.regular(), 8);
        cs.setNonStrokingColor(0.35f, 0.35f, 0.35f);
        cs.newLineAtOffset(Sheet.MARGIN, 30);
        cs.showText(fitted);
        cs.endText();
      }
    }
  }

  private static void info(PDDocument document, DailyReport report) {
    PDDocumentInformation info = document.getDocumentInformation();
    info.setTitle(title(report) + " – " + scope(report));
    info.setAuthor(ORGANISATION);
    info.setCreator("Can Tho IOC");
    Calendar made = new GregorianCalendar(TimeZone.getTimeZone(CanThoTime.ZONE));
    made.setTimeInMillis(report.madeAt().toEpochMilli());
    info.setCreationDate(made);
  }
}
