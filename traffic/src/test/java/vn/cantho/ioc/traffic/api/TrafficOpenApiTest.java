package vn.cantho.ioc.traffic.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.api.OpenApi;
import vn.cantho.ioc.core.api.RouteCoverage;
import vn.cantho.ioc.core.api.RouteCoverage.Operation;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.traffic.TrafficFeature;

/**
 * The traffic feature's OpenAPI fragments in the document the API serves with the feature loaded:
 * every route it adds is described and nothing more, the document stays valid OpenAPI 3.1, each
 * operation says what integrators need, and real answers match their described schemas. No node
 * test loads this feature yet, so this is where its contract is held (the kernel's contract test
 * covers the kernel's routes only).
 */
@ExtendWith(PostgresExtension.class)
class TrafficOpenApiTest {
  private static final String INCIDENTS = "/api/v1/traffic/incidents";

  private static FeatureTestKit kit;
  private static JsonObject served;
  private static String staff;

  @BeforeAll
  static void start(Database db) throws Exception {
    kit = new FeatureTestKit(db, List.of(new TrafficFeature()), List.of());
    HttpResponse<String> got = kit.get(OpenApi.PATH, null);
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    served = new JsonObject(got.body());
    staff = kit.token("oa-staff", Role.TRAFFIC_STAFF, List.of());
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  private static Set<Operation> trafficOperations() {
    Set<Operation> out = new TreeSet<>();
    for (Operation o : RouteCoverage.documented(served)) {
      if (o.path().startsWith("/api/v1/traffic/")) {
        out.add(o);
      }
    }
    return out;
  }

  @Test
  void everyTrafficRouteIsDescribedAndNothingMore() {
    RouteCoverage.Gaps gaps = RouteCoverage.check(kit.routes(), served);
    assertThat(gaps.none()).as(gaps.toString()).isTrue();
    assertThat(trafficOperations())
        .containsExactlyInAnyOrder(
            new Operation("GET", INCIDENTS),
            new Operation("POST", INCIDENTS),
            new Operation("GET", INCIDENTS + "/kpis"),
            new Operation("GET", INCIDENTS + "/{id}"),
            new Operation("POST", INCIDENTS + "/{id}/transitions"),
            new Operation("POST", INCIDENTS + "/{id}/comments"),
            new Operation("POST", "/api/v1/traffic/reports"),
            new Operation("GET", "/api/v1/traffic/datex/situations"));
  }

  @Test
  void theDocumentWithTheFragmentsIsValidOpenApi31() throws Exception {
    SchemaRepository schemas = repository();
    OutputUnit validity =
        OpenAPIVersion.V3_1
            .validateContract(kit.vertx(), schemas, served.copy())
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    assertThat(validity.getValid()).as(String.valueOf(validity.getErrors())).isTrue();
  }

  /** The checks the kernel's contract test makes of its own operations, for the feature's. */
  @Test
  void everyOperationHasASummarySecurityResponsesABodyAndItsPathParameters() {
    JsonObject paths = served.getJsonObject("paths");
    List<String> missing = new ArrayList<>();
    for (Operation o : trafficOperations()) {
      JsonObject op =
          paths.getJsonObject(o.path()).getJsonObject(o.method().toLowerCase(Locale.ROOT));
      if (op.getString("summary", "").isBlank()) {
        missing.add(o + ": summary");
      }
      if (!new JsonArray()
          .add(new JsonObject().put("bearer", new JsonArray()))
          .equals(op.getJsonArray("security"))) {
        missing.add(o + ": bearer security");
      }
      JsonObject responses = op.getJsonObject("responses", new JsonObject());
      for (String status : List.of("200", "401", "403")) {
        if (!responses.containsKey(status)) {
          missing.add(o + ": response " + status);
        }
      }
      if (o.method().equals("POST") && !op.containsKey("requestBody")) {
        missing.add(o + ": requestBody");
      }
      Set<String> declared = new HashSet<>();
      for (Object p : op.getJsonArray("parameters", new JsonArray())) {
        JsonObject parameter = (JsonObject) p;
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

  @Test
  void realAnswersMatchTheirDescribedSchemas() throws Exception {
    JsonObject resolved =
        OpenAPIVersion.V3_1
            .resolve(kit.vertx(), repository(), served.copy())
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    JsonObject report =
        new JsonObject()
            .put("kind", "accident")
            .put("lon", 105.78)
            .put("lat", 10.03)
            .put("segment", "oa-seg-1")
            .put("description", "Va chạm trên cầu Hưng Lợi")
            .put("observedAt", Instant.now().toString());
    JsonObject opened =
        answer(resolved, "POST", INCIDENTS, kit.post(INCIDENTS, staff, report.encode()));
    long id = opened.getLong("id");
    JsonObject incidentSchema =
        resolved
            .getJsonObject("components")
            .getJsonObject("schemas")
            .getJsonObject("TrafficIncident");
    Set<String> described = incidentSchema.getJsonObject("properties").fieldNames();
    Set<String> sent = new HashSet<>(opened.fieldNames());
    sent.remove("opened");
    assertThat(sent).as("every field of an incident is described").isEqualTo(described);
    JsonObject withoutStatus = opened.copy();
    withoutStatus.remove("status");
    assertThat(validate(schema(resolved, "POST", INCIDENTS), withoutStatus).getValid())
        .as("the schemas hold answers to something")
        .isFalse();

    answer(resolved, "GET", INCIDENTS, kit.get(INCIDENTS + "?limit=5", staff));
    answer(resolved, "GET", INCIDENTS + "/kpis", kit.get(INCIDENTS + "/kpis", staff));
    answer(
        resolved,
        "POST",
        INCIDENTS + "/{id}/comments",
        kit.post(
            INCIDENTS + "/" + id + "/comments",
            staff,
            new JsonObject().put("text", "Đã báo CSGT").encode()));
    answer(
        resolved,
        "POST",
        INCIDENTS + "/{id}/transitions",
        kit.post(
            INCIDENTS + "/" + id + "/transitions",
            staff,
            new JsonObject().put("to", "verified").put("assignee", "oa-staff").encode()));
    JsonObject detail =
        answer(resolved, "GET", INCIDENTS + "/{id}", kit.get(INCIDENTS + "/" + id, staff));
    assertThat(detail.getJsonArray("timeline")).hasSizeGreaterThanOrEqualTo(3);
    answer(
        resolved,
        "POST",
        "/api/v1/traffic/reports",
        kit.post(
            "/api/v1/traffic/reports",
            staff,
            report.copy().put("source", "camera").put("externalId", "cam-7/ev-1").encode()));

    HttpResponse<String> datex = kit.get("/api/v1/traffic/datex/situations", staff);
    assertThat(datex.statusCode()).isEqualTo(200);
    Set<String> types =
        operation(served, "GET", "/api/v1/traffic/datex/situations")
            .getJsonObject("responses")
            .getJsonObject("200")
            .getJsonObject("content")
            .fieldNames();
    assertThat(types).containsExactly("application/xml");
    assertThat(datex.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/xml;"));
  }

  /** The answer, after checking it is a 200 whose JSON the operation's 200 schema accepts. */
  private static JsonObject answer(
      JsonObject resolved, String method, String path, HttpResponse<String> response) {
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    OutputUnit result = validate(schema(resolved, method, path), body);
    assertThat(result.getValid())
        .as(method + " " + path + ": " + result.getErrors() + " in " + body.encode())
        .isTrue();
    return body;
  }

  /** The JSON schema of the operation's 200 answer. */
  private static JsonObject schema(JsonObject resolved, String method, String path) {
    return operation(resolved, method, path)
        .getJsonObject("responses")
        .getJsonObject("200")
        .getJsonObject("content")
        .getJsonObject("application/json")
        .getJsonObject("schema");
  }

  private static OutputUnit validate(JsonObject schema, JsonObject body) {
    return Validator.create(
            JsonSchema.of(schema),
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("app:///"))
        .validate(body);
  }

  private static JsonObject operation(JsonObject resolved, String method, String path) {
    return resolved
        .getJsonObject("paths")
        .getJsonObject(path)
        .getJsonObject(method.toLowerCase(Locale.ROOT));
  }

  private static SchemaRepository repository() throws Exception {
    return OpenAPIVersion.V3_1
        .getRepository(kit.vertx(), "app:///")
        .toCompletionStage()
        .toCompletableFuture()
        .get();
  }
}
