package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.store.Database;

/** {@code ioc report daily} against the demo's embedded database under {@code --data}. */
class ReportCommandTest {
  @Test
  void writesTheDaysPdfWithItsFigures() throws Exception {
    Path data = TestDirs.create("ioc-report");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"));
        Database database = Database.open(db.config(2))) {
      // 08:00 and 20:00 on 6 December in Can Tho, and 23:30 the evening before (left out).
      point(database, "traffic.incidents_open", Instant.parse("2026-12-06T01:00:00Z"), 4);
      point(database, "traffic.incidents_open", Instant.parse("2026-12-06T13:00:00Z"), 11);
      point(database, "traffic.incidents_open", Instant.parse("2026-12-05T16:30:00Z"), 90);
    }
    Path out = data.resolve("leaders.pdf");
    String printed =
        ReportCommand.execute(
            List.of(
                "daily",
                "--date",
                "2026-12-06",
                "--out",
                out.toString(),
                "--data",
                data.toString()));
    assertThat(printed).startsWith("Wrote the daily report of 2026-12-06 to " + out);
    try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(out))) {
      assertThat(doc.getNumberOfPages()).isEqualTo(6);
      String text = new PDFTextStripper().getText(doc);
      assertThat(text)
          .contains("Chủ nhật, ngày 06/12/2026")
          .contains("Sự cố giao thông đang mở 4 11 11")
          .contains("Chất lượng nước")
          .contains("không có số liệu")
          .doesNotContain("90");
    }
    assertThatThrownBy(
            () -> ReportCommand.execute(List.of("daily", "--date", "6/12", "--data", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("YYYY-MM-DD");
    assertThatThrownBy(() -> ReportCommand.execute(List.of("weekly")))
        .hasMessageContaining("usage: report daily");
  }

  private static void point(Database db, String kpi, Instant at, double value) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO kpi_points (kpi, zone_id, at, value) VALUES (?, '', ?, ?)")) {
      ps.setString(1, kpi);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setDouble(3, value);
      ps.executeUpdate();
    }
  }
}
