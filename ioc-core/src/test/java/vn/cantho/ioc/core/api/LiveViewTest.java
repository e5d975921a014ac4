package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.notify.AckLinks;
import vn.cantho.ioc.core.notify.SubscriptionScopes;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * The live feed's {@code view} message over a real WebSocket: a client that shows devices in a box
 * hears readings of those only, one that shows clusters hears "changed" instead, one that said
 * nothing hears everything as before, and a malformed message changes nothing and closes nothing.
 */
@ExtendWith(PostgresExtension.class)
class LiveViewTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String VIEW_BOX = "[105.7,10.0,105.8,10.1]";
  private static ApiTestServer api;
  private static String token;
  private static Device inside;
  private static Device outside;

  @BeforeAll
  static void start(Database database) throws Exception {
    DeviceRegistry registry = new DeviceRegistry();
    inside = new Device("sl-in", Domain.LIGHTING, "lamp", "Trong", 105.77, 10.03, "31135", 60);
    outside = new Device("sl-out", Domain.LIGHTING, "lamp", "Ngoài", 105.50, 9.80, "31120", 60);
    registry.put(inside);
    registry.put(outside);
    Clock clock = Clock.systemUTC();
    var secret = ApiTestServer.freshSecret();
    api =
        new ApiTestServer(
            io.vertx.core.Vertx.vertx(),
            database,
            clock,
            secret,
            new ApiTestServer.Node(
                registry,
                MetricCatalog.defaults(),
                new ZoneIndex(List.of()),
                new AlertStore(database),
                new AckLinks(secret, "http://127.0.0.1", clock),
                SubscriptionScopes.NONE,
                List.of(),
                List.of()),
            ApiServer.Timeouts.DEFAULT);
    api.startLiveFeed();
    api.users.add("live.city", Role.CITY_OPERATOR, List.of(), "pw-live-city".toCharArray());
    token = api.token(api.users.find("live.city").orElseThrow());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aViewNarrowsReadingsToItsBoxAndAClusterViewHearsChangedOnly() throws Exception {
    Feed all = Feed.open();
    Feed street = Feed.open();
    Feed city = Feed.open();
    street.send("{\"type\":\"view\",\"bbox\":" + VIEW_BOX + ",\"devices\":true}");
    city.send("{\"type\":\"view\",\"bbox\":" + VIEW_BOX + ",\"devices\":false}");
    // The views are taken on the feed's loop: once the street view hears "changed"-free readings
    // of the device inside and the cluster view hears "changed", both are in force.
    await()
        .atMost(BOUND)
        .untilAsserted(
            () -> {
              report(1, inside, outside);
              assertThat(city.ofType("changed")).isNotEmpty();
              assertThat(street.readingsOf(inside.id())).isNotEmpty();
            });
    all.clear();
    street.clear();
    city.clear();

    // Readings of the warm-up may still be in flight: each phase has its own value.
    report(2, inside, outside);
    await().atMost(BOUND).until(() -> all.readingsOf(outside.id(), 2).size() == 1);
    // A later reading inside: per connection order, all of the earlier flush has arrived before it.
    report(3, inside);
    await().atMost(BOUND).until(() -> street.readingsOf(inside.id(), 3).size() == 1);
    await().atMost(BOUND).until(() -> all.readingsOf(inside.id(), 3).size() == 1);

    assertThat(all.readingsOf(inside.id(), 2)).hasSize(1);
    assertThat(street.readingsOf(inside.id(), 2)).hasSize(1);
    assertThat(city.ofType("changed")).isNotEmpty();
    assertThat(street.readingsOf(outside.id())).as("outside the street's box").isEmpty();
    assertThat(city.ofType("reading")).as("a cluster view gets no device messages").isEmpty();
    all.close();
    street.close();
    city.close();
  }

  /** A device panel open over a cluster view follows its device, and only it, wherever it is. */
  @Test
  void aWatchedDeviceIsHeardOutsideTheViewAndUnderClusters() throws Exception {
    Feed panel = Feed.open();
    panel.send(
        "{\"type\":\"view\",\"bbox\":"
            + VIEW_BOX
            + ",\"devices\":false,\"watch\":[\""
            + outside.id()
            + "\"]}");
    await()
        .atMost(BOUND)
        .untilAsserted(
            () -> {
              report(4, inside, outside);
              assertThat(panel.readingsOf(outside.id())).isNotEmpty();
            });
    panel.clear();
    report(5, inside, outside);
    await().atMost(BOUND).until(() -> panel.readingsOf(outside.id(), 5).size() == 1);
    assertThat(panel.readingsOf(inside.id())).as("inside, but clustered: no readings").isEmpty();
    panel.close();
  }

  @Test
  void aMalformedViewIsIgnoredAndTheFeedGoesOn() throws Exception {
    Feed feed = Feed.open();
    feed.send("{\"type\":\"view\",\"bbox\":" + VIEW_BOX + ",\"devices\":true}");
    await()
        .atMost(BOUND)
        .untilAsserted(
            () -> {
              report(1, outside, inside);
              assertThat(feed.readingsOf(inside.id())).isNotEmpty();
            });
    for (String junk :
        List.of(
            "not json",
            "[1,2]",
            "{\"type\":\"view\",\"bbox\":[1,2],\"devices\":true}",
            "{\"type\":\"view\",\"bbox\":" + VIEW_BOX + ",\"devices\":true,\"watch\":[1]}",
            "{\"type\":\"view\",\"bbox\":[106,10,105,11],\"devices\":true}",
            "{\"type\":\"view\",\"bbox\":[\"a\",10,105,11],\"devices\":true}",
            "{\"type\":\"view\",\"bbox\":" + VIEW_BOX + ",\"devices\":\"yes\"}",
            "{\"type\":\"subscribe\"}")) {
      feed.send(junk);
    }
    feed.clear();
    report(2, outside, inside);
    await().atMost(BOUND).until(() -> feed.readingsOf(inside.id(), 2).size() == 1);
    report(3, inside);
    await().atMost(BOUND).until(() -> feed.readingsOf(inside.id(), 3).size() == 1);

    assertThat(feed.readingsOf(outside.id())).as("the last good view still holds").isEmpty();
    assertThat(feed.closed()).isFalse();
    feed.close();
  }

  /**
   * Commits one reading of each device now, as the ingest pipeline announces its batches; the value
   * tells one phase of a test from another.
   */
  private static void report(double value, Device... devices) {
    Instant now = Instant.now();
    List<Reading> readings = new java.util.ArrayList<>();
    for (Device d : devices) {
      readings.add(new Reading(d.id(), "power", now, value, Quality.GOOD, "test"));
    }
    api.vertx
        .eventBus()
        .publish(CommittedReadings.ADDRESS, new CommittedReadings(readings, Instant.now()));
  }

  /** A browser's live feed: every text message it received, parsed. */
  private static final class Feed implements WebSocket.Listener {
    private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private WebSocket socket;

    static Feed open() {
      Feed feed = new Feed();
      feed.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + api.port + "/api/v1/live?access_token=" + token),
                  feed)
              .join();
      await().atMost(BOUND).until(() -> !feed.ofType("hello").isEmpty());
      return feed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      closed.set(true);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.set(true);
    }

    void send(String text) {
      socket.sendText(text, true).join();
    }

    List<JsonObject> ofType(String type) {
      return messages.stream().filter(m -> type.equals(m.getString("type"))).toList();
    }

    List<JsonObject> readingsOf(String deviceId) {
      return ofType("reading").stream()
          .filter(m -> deviceId.equals(m.getString("deviceId")))
          .toList();
    }

    List<JsonObject> readingsOf(String deviceId, double value) {
      return readingsOf(deviceId).stream()
          .filter(m -> m.getJsonObject("values").getDouble("power") == value)
          .toList();
    }

    void clear() {
      messages.clear();
    }

    boolean closed() {
      return closed.get();
    }

    void close() {
      socket.abort();
    }
  }
}
