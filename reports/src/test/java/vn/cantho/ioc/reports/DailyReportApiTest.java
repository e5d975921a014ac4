package vn.cantho.ioc.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.api.OpenApi;
import vn.cantho.ioc.core.api.RouteCoverage;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * {@code GET /api/v1/reports/daily} through the kernel's real router: the PDF for the roles that
 * read the indicators (a commune operator's of his zones), 403 for a farmer, 400 for a day that is
 * not one, and the route described in the OpenAPI document the node serves.
 */
@ExtendWith(PostgresExtension.class)
class DailyReportApiTest {
  private static final String PATH = "/api/v1/reports/daily";
  private static FeatureTestKit kit;

  @BeforeAll
  static void start(Database db) throws Exception {
    DailyReportTest.seed(db);
    kit = new FeatureTestKit(db, List.of(new ReportsFeature()), List.of());
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  @Test
  void leadersAndOperatorsGetTheDaysPdf() throws Exception {
    for (Role role : List.of(Role.CITY_OPERATOR, Role.VIEWER, Role.ADMIN)) {
      HttpResponse<byte[]> got = pdf(kit.token("rp-" + role.code(), role, List.of()), "2026-12-06");
      assertThat(got.statusCode()).as(role.code()).isEqualTo(200);
      assertThat(got.headers().firstValue("Content-Type")).contains("application/pdf");
      assertThat(got.headers().firstValue("Content-Disposition"))
          .contains("inline; filename=\"bao-cao-ngay-2026-12-06.pdf\"");
      try (PDDocument doc = Loader.loadPDF(got.body())) {
        assertThat(doc.getNumberOfPages()).isEqualTo(6);
        assertThat(new PDFTextStripper().getText(doc))
            .contains("Chủ nhật, ngày 06/12/2026")
            .contains("Phạm vi: Toàn thành phố")
            .contains("Chất lượng nước");
      }
    }
  }

  @Test
  void aCommuneOperatorGetsHisZonesReport() throws Exception {
    String token = kit.token("rp-nk-op", Role.COMMUNE_OPERATOR, List.of("rp-nk"));
    HttpResponse<byte[]> got = pdf(token, "2026-12-06");
    assertThat(got.statusCode()).isEqualTo(200);
    try (PDDocument doc = Loader.loadPDF(got.body())) {
      assertThat(new PDFTextStripper().getText(doc))
          .contains("Phạm vi: Ninh Kiều")
          .doesNotContain("Toàn thành phố");
    }
  }

  @Test
  void aFarmerIsRefused() throws Exception {
    HttpResponse<String> got =
        kit.get(PATH + "?date=2026-12-06", kit.token("rp-farmer", Role.FARMER, List.of()));
    assertThat(got.statusCode()).isEqualTo(403);
    // The denial's audit row is written beside the answer, not before it.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> kit.auditedActions("rp-farmer").contains("access.denied"));
  }

  @Test
  void aDayThatIsNotOneIsABadRequest() throws Exception {
    String token = kit.token("rp-city_operator", Role.CITY_OPERATOR, List.of());
    for (String bad : List.of("2026-13-01", "06/12/2026", "hom-qua", "2026-02-30")) {
      HttpResponse<String> got = kit.get(PATH + "?date=" + bad, token);
      assertThat(got.statusCode()).as(bad).isEqualTo(400);
      assertThat(new JsonObject(got.body()).getString("message")).contains("YYYY-MM-DD");
    }
    assertThat(kit.get(PATH + "?date=2026-12-06", null).statusCode()).isEqualTo(401);
  }

  @Test
  void withoutADateItIsYesterdaysReport() throws Exception {
    String token = kit.token("rp-viewer", Role.VIEWER, List.of());
    java.time.LocalDate before = java.time.LocalDate.now(CanThoTime.ZONE).minusDays(1);
    HttpResponse<byte[]> got = pdf(token, null);
    java.time.LocalDate after = java.time.LocalDate.now(CanThoTime.ZONE).minusDays(1);
    assertThat(got.statusCode()).isEqualTo(200);
    // Before and after the call, should it straddle midnight in Can Tho.
    assertThat(got.headers().firstValue("Content-Disposition").orElseThrow())
        .containsAnyOf("bao-cao-ngay-" + before + ".pdf", "bao-cao-ngay-" + after + ".pdf");
  }

  @Test
  void theRouteIsInTheOpenApiDocumentWhichStaysValid() throws Exception {
    HttpResponse<String> got = kit.get(OpenApi.PATH, null);
    JsonObject served = new JsonObject(got.body());
    RouteCoverage.Gaps gaps = RouteCoverage.check(kit.routes(), served);
    assertThat(gaps.none()).as(gaps.toString()).isTrue();
    assertThat(RouteCoverage.documented(served)).contains(new RouteCoverage.Operation("GET", PATH));
    var schemas =
        OpenAPIVersion.V3_1
            .getRepository(kit.vertx(), "app:///")
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    var validity =
        OpenAPIVersion.V3_1
            .validateContract(kit.vertx(), schemas, served.copy())
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    assertThat(validity.getValid()).as(String.valueOf(validity.getErrors())).isTrue();
  }

  private static HttpResponse<byte[]> pdf(String token, String date) throws Exception {
    String query = date == null ? "" : "?date=" + date;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kit.port() + PATH + query))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
  }
}
