package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.api.ApiServer;
import vn.cantho.ioc.core.api.OpenApi;
import vn.cantho.ioc.core.api.RouteCoverage;
import vn.cantho.ioc.core.api.RouteCoverage.Operation;

/**
 * The OpenAPI document a real node serves against the routes its router really holds, the core's
 * and those its adapters mount: a route added anywhere without a description fails here.
 */
@ExtendWith(TestStack.class)
class OpenApiNodeTest {
  @Test
  void theNodesDocumentDescribesExactlyTheRoutesItServes(DemoStack stack) throws Exception {
    HttpResponse<String> got = new ApiClient(stack.httpPort()).send(OpenApi.PATH);
    assertThat(got.statusCode()).as("open without a token").isEqualTo(200);
    JsonObject document = new JsonObject(got.body());

    List<Route> routes = apiOf(stack.server()).routes();
    assertThat(RouteCoverage.served(routes))
        .contains(
            new Operation("POST", "/api/v1/ingest"),
            new Operation("POST", "/api/v1/broker/emqx/authn"),
            new Operation("GET", "/api/v1/devices/{id}"));
    RouteCoverage.Gaps gaps = RouteCoverage.check(routes, document);
    assertThat(gaps.none()).as(gaps.toString()).isTrue();
  }

  /**
   * The node keeps its ApiServer to itself (deploy's main code has no accessor for it); the test
   * must see the router the node serves from, not one wired again here.
   */
  private static ApiServer apiOf(IocServer server) throws ReflectiveOperationException {
    Field api = IocServer.class.getDeclaredField("api");
    api.setAccessible(true);
    return (ApiServer) api.get(server);
  }
}
