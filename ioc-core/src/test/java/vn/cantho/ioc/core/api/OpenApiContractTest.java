package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.api.RouteCoverage.Operation;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * The API's OpenAPI document against the routes the real server's router holds: whatever registers
 * a route, the document must describe it, and describe nothing that is not served.
 */
@ExtendWith(PostgresExtension.class)
class OpenApiContractTest {
  private static Database db;
  private static ApiTestServer api;
  private static JsonObject served;

  @BeforeAll
  static void start(Database database) throws Exception {
    db = database;
    api = new ApiTestServer(database, Clock.systemUTC(), ApiServer.Timeouts.DEFAULT);
    HttpResponse<String> got = api.get(OpenApi.PATH, null);
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    served = new JsonObject(got.body());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void theDocumentIsOpenJsonAndValidOpenApi31() throws Exception {
    HttpResponse<String> got = api.get(OpenApi.PATH, null);
    assertThat(got.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(served.getString("openapi")).startsWith("3.1.");
    // The OpenAPI 3.1 schema itself, and every $ref must resolve.
    SchemaRepository schemas =
        OpenAPIVersion.V3_1
            .getRepository(api.vertx, "app:///")
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    OutputUnit validity =
        OpenAPIVersion.V3_1
            .validateContract(api.vertx, schemas, served.copy())
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    assertThat(validity.getValid()).as(String.valueOf(validity.getErrors())).isTrue();
    JsonObject broken = served.copy();
    broken
        .getJsonObject("paths")
        .getJsonObject("/api/v1/health")
        .getJsonObject("get")
        .put(
            "parameters", new JsonArray().add(new JsonObject().put("name", "x").put("in", "body")));
    assertThat(
            OpenAPIVersion.V3_1
                .validateContract(api.vertx, schemas, broken)
                .toCompletionStage()
                .toCompletableFuture()
                .get()
                .getValid())
        .as("the validator refuses what OpenAPI 3.1 does not allow")
        .isFalse();
    JsonObject resolved =
        OpenAPIVersion.V3_1
            .resolve(api.vertx, schemas, served.copy())
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    assertThat(resolved.getJsonObject("paths").size()).isGreaterThan(15);
    assertThat(served.getJsonObject("paths").fieldNames())
        .contains(
            "/api/v1/openapi.json", "/api/v1/devices/{id}/readings", "/ack/{token}", "/metrics");
  }

  @Test
  void everyRouteServedIsDocumentedAndEveryDocumentedOneIsServed() {
    Set<Operation> routes = RouteCoverage.served(api.routes());
    assertThat(routes)
        .contains(
            new Operation("GET", "/api/v1/devices/{id}"),
            new Operation("DELETE", "/api/v1/users/{name}"),
            new Operation("POST", "/ack/{token}"),
            new Operation("GET", "/metrics"));
    RouteCoverage.Gaps gaps = RouteCoverage.check(api.routes(), served);
    assertThat(gaps.none()).as(gaps.toString()).isTrue();
  }

  /** Integrators need these on every operation, and a later fragment must not forget them. */
  @Test
  void everyOperationHasASummaryASecurityDecisionResponsesAndItsPathParameters() {
    JsonObject paths = served.getJsonObject("paths");
    List<String> missing = new java.util.ArrayList<>();
    for (Operation o : RouteCoverage.documented(served)) {
      JsonObject op = paths.getJsonObject(o.path()).getJsonObject(o.method().toLowerCase());
      if (op.getString("summary", "").isBlank()) {
        missing.add(o + ": summary");
      }
      if (!op.containsKey("security")) {
        missing.add(o + ": security");
      }
      if (op.getJsonObject("responses", new JsonObject()).isEmpty()) {
        missing.add(o + ": responses");
      }
      if (Set.of("POST", "PUT").contains(o.method())
          && !op.containsKey("requestBody")
          && !NO_BODY.contains(o)) {
        missing.add(o + ": requestBody");
      }
      Set<String> declared = new HashSet<>();
      for (Object p : op.getJsonArray("parameters", new JsonArray())) {
        JsonObject parameter = resolve((JsonObject) p);
        if ("path".equals(parameter.getString("in"))) {
          declared.add(parameter.getString("name"));
        }
      }
      Matcher m = Pattern.compile("\\{([^}]+)}").matcher(o.path());
      while (m.find()) {
        if (!declared.contains(m.group(1))) {
          missing.add(o + ": path parameter " + m.group(1));
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  /** POSTs that take no body: the path says it all. */
  private static final Set<Operation> NO_BODY =
      Set.of(
          new Operation("POST", "/api/v1/alerts/{id}/acknowledge"),
          new Operation("POST", "/api/v1/devices/{id}/credentials"),
          new Operation("POST", "/ack/{token}"));

  @Test
  void aRouteAddedWithoutDescriptionAndADescriptionWithoutRouteAreBothNamed() throws Exception {
    ApiExtension careless =
        new ApiExtension() {
          @Override
          public void mount(Router router) {
            router.get("/api/v1/undocumented/:id").handler(ctx -> ctx.end());
            Router sub = Router.router(api.vertx);
            sub.post("/thing").handler(ctx -> ctx.end());
            router.route("/api/v1/sub*").subRouter(sub);
          }

          @Override
          public List<String> openApiFragments() {
            return List.of("vn/cantho/ioc/core/api/openapi-test/ghost.json");
          }
        };
    try (ApiTestServer other =
        new ApiTestServer(db, Clock.systemUTC(), ApiServer.Timeouts.DEFAULT, List.of(careless))) {
      JsonObject document = new JsonObject(other.get(OpenApi.PATH, null).body());
      RouteCoverage.Gaps gaps = RouteCoverage.check(other.routes(), document);
      assertThat(gaps.undocumented())
          .containsExactly(
              new Operation("POST", "/api/v1/sub/thing"),
              new Operation("GET", "/api/v1/undocumented/{id}"));
      assertThat(gaps.unserved()).containsExactly(new Operation("GET", "/api/v1/ghost"));
      assertThat(gaps.toString()).contains("GET /api/v1/undocumented/{id}", "GET /api/v1/ghost");
    }
  }

  @Test
  void aFragmentThatDescribesAnOperationAgainIsRefused() {
    JsonObject document = OpenApi.of(List.of()).document();
    JsonObject again =
        new JsonObject()
            .put(
                "paths",
                new JsonObject()
                    .put(
                        "/api/v1/health",
                        new JsonObject().put("get", new JsonObject().put("summary", "another"))));
    assertThatThrownBy(() -> OpenApi.merge(document, again, "again.json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("again.json")
        .hasMessageContaining("get");
  }

  private static JsonObject resolve(JsonObject maybeRef) {
    String ref = maybeRef.getString("$ref");
    if (ref == null) {
      return maybeRef;
    }
    JsonObject at = served;
    for (String part : ref.substring(2).split("/")) {
      at = at.getJsonObject(part);
    }
    return at;
  }
}
