package vn.cantho.ioc.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.reports.daily.ReportScope;

/**
 * The daily report of a seeded day, read back with PDFBox's text extraction: Vietnamese headings
 * with their diacritics (so the embedded font carries them and maps them back to Unicode), one page
 * per domain, and each indicator's lowest, highest and last value computed here from the seeded
 * points, with the points of the day before and after left out.
 */
@ExtendWith(PostgresExtension.class)
class DailyReportTest {
  static final LocalDate DAY = LocalDate.of(2026, 12, 6); // a Sunday
  private static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
  static final Instant MIDNIGHT = DAY.atStartOfDay(HCM).toInstant(); // 2026-12-05T17:00Z
  private static final Instant MADE = Instant.parse("2026-12-07T01:15:00Z"); // 08:15 local

  /** The seeded series of the day, per "kpi|zone" (zone "" the city), in time order. */
  static final Map<String, List<Double>> SEEDED = new LinkedHashMap<>();

  private static Database database;
  private static byte[] pdf;

  @BeforeAll
  static void seedAndRender(Database db) throws Exception {
    database = db;
    seed(db);
    pdf = new DailyReports(db).pdf(DAY, ReportScope.CITY, MADE);
    // Left in target/ for a person to look at (pdftoppm turns it into pictures).
    java.nio.file.Files.write(java.nio.file.Path.of("target", "daily-report-test.pdf"), pdf);
  }

  /** A day of five-minute points for the city and two wards, and alerts raised around it. */
  static void seed(Database db) throws Exception {
    zone(db, "rp-nk", "Ninh Kiều");
    zone(db, "rp-cr", "Cái Răng");
    series(db, "devices.total", "", i -> i < 100 ? 1250.0 : 1262.0);
    series(db, "devices.online", "", i -> 1100.0 + (i * 7) % 53);
    series(db, "alerts.open.watch", "", i -> (double) (i / 40));
    series(db, "alerts.open.warning", "", i -> (double) ((i / 30) % 4));
    series(db, "alerts.open.critical", "", i -> i >= 200 && i < 230 ? 1.0 : 0.0);
    series(db, "alerts.open_over_24h", "", i -> 2.0);
    series(db, "traffic.incidents_open", "", i -> (double) ((i * 5) % 9));
    series(db, "traffic.incidents_open", "rp-nk", i -> (double) ((i * 3) % 4));
    series(db, "traffic.incidents_open", "rp-cr", i -> (double) (i % 3));
    series(db, "traffic.minutes_to_clear", "", i -> 20.25 + (i % 8) * 2.5);
    series(db, "flood.warnings_24h", "", i -> i < 150 ? 0.0 : 3.0);
    series(db, "flood.warnings_24h", "rp-nk", i -> i < 150 ? 0.0 : 2.0);
    series(db, "water.wqi_class_share.good", "", i -> (50 + (i % 5) * 5) / 100.0);
    series(db, "water.wqi_class_share.bad", "", i -> (25 - (i % 5) * 5) / 100.0);
    // Lighting has no points: its page must say so. Outside the day, values that would stand out
    // if they leaked in: the evening before (local) and the midnight after.
    point(db, "devices.total", "", MIDNIGHT.minusSeconds(300), 99_999);
    point(db, "traffic.incidents_open", "", MIDNIGHT.plus(Duration.ofDays(1)), 77_777);
    point(db, "lighting.lights_working", "", MIDNIGHT.minusSeconds(60), 55_555);
    point(db, "lighting.lights_working", "", MIDNIGHT.plus(Duration.ofDays(1)), 55_555);

    device(db, "rp-probe");
    // One open alert per rule and device: each its own rule, so raising again (a second seed in
    // this JVM) finds the open one instead of adding another.
    AlertStore alerts = new AlertStore(db);
    raise(alerts, "before", "rp-nk", Severity.WATCH, MIDNIGHT.minusSeconds(1));
    raise(alerts, "morning", "rp-nk", Severity.WARNING, at(10));
    raise(alerts, "noon", "rp-nk", Severity.WARNING, at(140));
    raise(alerts, "late", "rp-cr", Severity.CRITICAL, at(287));
    raise(alerts, "after", "rp-cr", Severity.CRITICAL, MIDNIGHT.plus(Duration.ofDays(1)));
  }

  private static void raise(AlertStore alerts, String rule, String zone, Severity s, Instant at)
      throws Exception {
    alerts.raise(new RuleKey("reporttest", rule), "rp-probe", zone, "level", s, 1, at);
  }

  @Test
  void aCoverAndOnePagePerDomainWithTheirVietnameseHeadings() throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getNumberOfPages()).isEqualTo(6);
      assertThat(page(doc, 1))
          .contains("BÁO CÁO NGÀY")
          .contains("Chủ nhật, ngày 06/12/2026")
          .contains("Phạm vi: Toàn thành phố")
          .contains("Lập lúc 08:15 ngày 07/12/2026")
          .contains("Trang 1/6");
      assertThat(page(doc, 2)).contains("1. Thiết bị & cảnh báo");
      assertThat(page(doc, 3)).contains("2. Chất lượng nước");
      assertThat(page(doc, 4)).contains("3. Giao thông");
      assertThat(page(doc, 5)).contains("4. Chiếu sáng");
      assertThat(page(doc, 6)).contains("5. Ngập lụt").contains("Trang 6/6");
      assertThat(doc.getDocumentInformation().getTitle())
          .isEqualTo("Báo cáo ngày 06/12/2026 – Toàn thành phố");
    }
  }

  @Test
  void eachIndicatorsLowestHighestAndLastValueOfTheDayForTheCity() throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      Map<String, Integer> pages =
          Map.of("devices", 2, "alerts", 2, "water", 3, "traffic", 4, "flood", 6);
      Map<String, String> labels =
          Map.ofEntries(
              Map.entry("devices.total", "Thiết bị đã đăng ký"),
              Map.entry("devices.online", "Thiết bị đang trực tuyến"),
              Map.entry("alerts.open.watch", "Cảnh báo đang mở, cấp 1 – theo dõi"),
              Map.entry("alerts.open.warning", "Cảnh báo đang mở, cấp 2 – cảnh báo"),
              Map.entry("alerts.open.critical", "Cảnh báo đang mở, cấp 3 – nguy hiểm"),
              Map.entry("alerts.open_over_24h", "Cảnh báo mở quá 24 giờ"),
              Map.entry("traffic.incidents_open", "Sự cố giao thông đang mở"),
              Map.entry("traffic.minutes_to_clear", "Thời gian xử lý sự cố trung bình (phút)"),
              Map.entry("flood.warnings_24h", "Cảnh báo ngập trong 24 giờ qua"),
              Map.entry("water.wqi_class_share.good", "Tỷ lệ điểm đo WQI loại Tốt"),
              Map.entry("water.wqi_class_share.bad", "Tỷ lệ điểm đo WQI loại Xấu"));
      for (Map.Entry<String, List<Double>> e : SEEDED.entrySet()) {
        String[] key = e.getKey().split("\\|", -1);
        if (!key[1].isEmpty()) {
          continue;
        }
        List<Double> values = e.getValue();
        String row =
            labels.get(key[0])
                + " "
                + vn(Collections.min(values))
                + " "
                + vn(Collections.max(values))
                + " "
                + vn(values.get(values.size() - 1));
        String domain = key[0].substring(0, key[0].indexOf('.'));
        assertThat(page(doc, pages.get(domain))).as(key[0]).contains(row);
      }
      String all = new PDFTextStripper().getText(doc);
      assertThat(all).doesNotContain("99.999").doesNotContain("77.777").doesNotContain("55.555");
    }
  }

  @Test
  void aDomainWithoutFiguresSaysSoAndTheWardsHaveTheirClosingValues() throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(page(doc, 5))
          .contains("Đèn đang hoạt động không có số liệu")
          .contains("Điện năng tiết kiệm (kWh) không có số liệu")
          .contains("Biểu đồ: không có số liệu.");
      String traffic = page(doc, 4);
      assertThat(traffic)
          .contains("Theo phường/xã – giá trị cuối ngày")
          .contains("Cái Răng " + vn(last("traffic.incidents_open|rp-cr")))
          .contains("Ninh Kiều " + vn(last("traffic.incidents_open|rp-nk")));
      // Cái Răng before Ninh Kiều, in Vietnamese order.
      assertThat(traffic.indexOf("Cái Răng")).isLessThan(traffic.indexOf("Ninh Kiều"));
      // The chart's hours are drawn where there is a series, and the cover sums the day's alerts.
      assertThat(page(doc, 2)).contains("Biểu đồ: Cảnh báo đang mở theo cấp").contains("21:00");
      assertThat(page(doc, 1))
          .contains("Cấp 1 – theo dõi 0")
          .contains("Cấp 2 – cảnh báo 2")
          .contains("Cấp 3 – nguy hiểm 1")
          .contains("Tổng cộng 3")
          .contains("Giao thông Sự cố giao thông đang mở " + vn(last("traffic.incidents_open|")));
    }
  }

  @Test
  void theTextIsInAnEmbeddedFontThatCarriesVietnamese() throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      for (PDPage page : doc.getPages()) {
        for (COSName name : page.getResources().getFontNames()) {
          PDFont font = page.getResources().getFont(name);
          assertThat(font.isEmbedded()).as(font.getName()).isTrue();
          assertThat(font.getName()).contains("LiberationSans");
        }
      }
      String all = new PDFTextStripper().getText(doc);
      assertThat(all)
          .contains("Chất lượng nước")
          .contains("Ngập lụt")
          .contains("Chiếu sáng")
          .doesNotContain("\uFFFD");
    }
  }

  @Test
  void aCommuneOperatorsReportHasHisWardsFiguresNotTheCitys() throws Exception {
    byte[] his = new DailyReports(database).pdf(DAY, new ReportScope(List.of("rp-nk")), MADE);
    try (PDDocument doc = Loader.loadPDF(his)) {
      assertThat(doc.getNumberOfPages()).isEqualTo(6);
      String all = new PDFTextStripper().getText(doc);
      assertThat(all)
          .contains("Phạm vi: Ninh Kiều")
          .contains("Số liệu trong ngày – Ninh Kiều")
          .doesNotContain("Toàn thành phố")
          .doesNotContain("Cái Răng")
          .doesNotContain(vn(last("devices.total|")));
      List<Double> nk = SEEDED.get("flood.warnings_24h|rp-nk");
      assertThat(page(doc, 6))
          .contains(
              "Cảnh báo ngập trong 24 giờ qua "
                  + vn(Collections.min(nk))
                  + " "
                  + vn(Collections.max(nk))
                  + " "
                  + vn(nk.get(nk.size() - 1)));
      assertThat(page(doc, 1)).contains("Cấp 2 – cảnh báo 2").contains("Cấp 3 – nguy hiểm 0");
    }
  }

  @Test
  void aCommuneOperatorWithoutZonesGetsTheSixPagesAndNoFigure() throws Exception {
    byte[] none = new DailyReports(database).pdf(DAY, new ReportScope(List.of()), MADE);
    try (PDDocument doc = Loader.loadPDF(none)) {
      assertThat(doc.getNumberOfPages()).isEqualTo(6);
      assertThat(new PDFTextStripper().getText(doc))
          .contains("Phạm vi: chưa được giao phường/xã nào")
          .doesNotContain(vn(last("devices.total|")));
    }
  }

  // --- helpers

  private static String page(PDDocument doc, int number) throws Exception {
    PDFTextStripper stripper = new PDFTextStripper();
    stripper.setSortByPosition(true);
    stripper.setStartPage(number);
    stripper.setEndPage(number);
    return stripper.getText(doc).replace('\n', ' ').replace("\r", "").replaceAll(" +", " ");
  }

  private static double last(String key) {
    List<Double> values = SEEDED.get(key);
    return values.get(values.size() - 1);
  }

  /**
   * A number as written in Vietnam, worked out here apart from the report's formatter: a dot
   * between thousands, a comma before the decimals (the seeded values have at most two).
   */
  static String vn(double value) {
    String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    String[] parts = plain.split("\\.");
    StringBuilder whole = new StringBuilder(parts[0]);
    for (int i = whole.length() - 3; i > (whole.charAt(0) == '-' ? 1 : 0); i -= 3) {
      whole.insert(i, '.');
    }
    return parts.length == 1 ? whole.toString() : whole + "," + parts[1];
  }

  /** The i-th five-minute point of the day (0 at local midnight, 287 at 23:55). */
  static Instant at(int i) {
    return MIDNIGHT.plus(Duration.ofMinutes(5L * i));
  }

  private static void series(
      Database db, String kpi, String zone, java.util.function.IntFunction<Double> value)
      throws Exception {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 288; i++) {
      double v = value.apply(i);
      values.add(v);
      point(db, kpi, zone, at(i), v);
    }
    SEEDED.put(kpi + "|" + zone, values);
  }

  private static void point(Database db, String kpi, String zone, Instant at, double value)
      throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO kpi_points (kpi, zone_id, at, value) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (kpi, zone_id, at) DO UPDATE SET value = EXCLUDED.value")) {
      ps.setString(1, kpi);
      ps.setString(2, zone);
      ps.setTimestamp(3, Timestamp.from(at));
      ps.setDouble(4, value);
      ps.executeUpdate();
    }
  }

  private static void zone(Database db, String id, String name) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO zones (id, name, type, geometry) VALUES (?, ?, 'phuong', ?::jsonb)"
                    + " ON CONFLICT (id) DO NOTHING")) {
      ps.setString(1, id);
      ps.setString(2, name);
      ps.setString(
          3,
          "{\"type\":\"Polygon\",\"coordinates\":[[[105.7,10.0],[105.8,10.0],[105.8,10.1],"
              + "[105.7,10.0]]]}");
      ps.executeUpdate();
    }
  }

  private static void device(Database db, String id) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO devices (id, domain, type, name, lon, lat, report_interval_s)"
                    + " VALUES (?, 'flood', 'gauge', ?, 105.7, 10.0, 300) ON CONFLICT DO NOTHING")) {
      ps.setString(1, id);
      ps.setString(2, id);
      ps.executeUpdate();
    }
  }
}
