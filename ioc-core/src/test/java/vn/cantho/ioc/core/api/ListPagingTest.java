package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.reading.Rejected;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.core.store.QuarantineStore;

/**
 * The lists paged by id, newest first (audit, quarantine): through the real API server on a real
 * database, what a client sees of {@code limit}, {@code cursor} and {@code nextCursor}.
 */
@ExtendWith(PostgresExtension.class)
class ListPagingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACTOR = "paging.actor";
  private static final String SOURCE = "paging-test";
  private static final int ROWS = 7;
  private static ApiTestServer api;
  private static String token;

  @BeforeAll
  static void start(Database database) throws Exception {
    api = new ApiTestServer(database, Clock.systemUTC(), ApiServer.Timeouts.DEFAULT);
    api.users.add("paging.admin", Role.ADMIN, List.of(), "paging-password".toCharArray());
    HttpResponse<String> signIn =
        api.post(
            "/api/v1/auth/token",
            null,
            new JsonObject()
                .put("username", "paging.admin")
                .put("password", "paging-password")
                .encode());
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
    token = JSON.readTree(signIn.body()).path("access_token").asText();
    List<Rejected> rejected = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      api.audit.record(ACTOR, "paging.step", "row " + i, null);
      rejected.add(new Rejected(SOURCE, "t", "d" + i, "why " + i, new byte[] {'x'}, Instant.now()));
    }
    new QuarantineStore(database).write(rejected);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/audit?actor=" + ACTOR, "/api/v1/quarantine?source=" + SOURCE})
  void pagesShowEveryRowOnceNewestFirstAndTheLastPageHasNoCursor(String list) throws Exception {
    List<Long> ids = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = ok(list + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      List<String> keys = new ArrayList<>();
      page.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("items", "nextCursor");
      page.path("items").forEach(item -> ids.add(item.path("id").asLong()));
      pageSizes.add(page.path("items").size());
      JsonNode next = page.path("nextCursor");
      if (!next.isNull()) {
        // The wire format cursors have always had: base64url of the last id shown.
        assertThat(new String(Base64.getUrlDecoder().decode(next.asText()), StandardCharsets.UTF_8))
            .isEqualTo(String.valueOf(ids.get(ids.size() - 1)));
      }
      cursor = next.isNull() ? null : next.asText();
    } while (cursor != null);

    assertThat(pageSizes).containsExactly(3, 3, 1);
    assertThat(ids)
        .hasSize(ROWS)
        .doesNotHaveDuplicates()
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(ok(list + "&limit=" + ROWS).path("nextCursor").isNull())
        .as("a page that holds exactly the rest has no next page")
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not*base64", "bm90LWEtbnVtYmVy", "MTI"})
  void aCursorNoPageGaveOutIsABadRequest(String cursor) throws Exception {
    // "bm90LWEtbnVtYmVy" is base64url of "not-a-number"; "MTI" of "12", a valid one for contrast.
    for (String list : List.of("/api/v1/audit?cursor=", "/api/v1/quarantine?cursor=")) {
      HttpResponse<String> r = api.get(list + cursor, token);
      if (cursor.equals("MTI")) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("message").asText())
            .isEqualTo("cursor is not valid; use nextCursor from the previous page");
      }
    }
  }

  @Test
  void limitIsOneToOneThousand() throws Exception {
    for (String list : List.of("/api/v1/audit", "/api/v1/quarantine")) {
      for (String limit : List.of("0", "1001", "-1", "many")) {
        HttpResponse<String> r = api.get(list + "?limit=" + limit, token);
        assertThat(r.statusCode()).as(list + " limit " + limit).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("message").asText()).startsWith("limit must be");
      }
      assertThat(api.get(list + "?limit=1", token).statusCode()).isEqualTo(200);
      assertThat(api.get(list + "?limit=1000", token).statusCode()).isEqualTo(200);
    }
  }

  private static JsonNode ok(String path) throws Exception {
    HttpResponse<String> r = api.get(path, token);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
