package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.auth.LocalTokens;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.traffic.TrafficFeature;

/**
 * Live clients vanish in every way a browser can: a closed tab, a dropped connection, a reload in
 * the middle of the handshake, a plain GET, the server's own close when the token expires. Each
 * time, a watcher that stays receives every update, the feed keeps no closed socket, and nothing is
 * logged above INFO.
 */
@ExtendWith(TestStack.class)
class LiveFeedClosingTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Where the live feed, its HTTP route and the web server log. */
  private static final java.util.List<String> WEB_LOGGERS =
      java.util.List.of(
          "vn.cantho.ioc.core.live", "vn.cantho.ioc.core.api", "io.vertx", "io.netty");

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureLog() {
    log.start();
    root.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    root.detachAppender(log);
  }

  @Test
  void aWatcherMissesNothingWhileOtherClientsVanishInEveryWay(DemoStack stack) throws Exception {
    ApiClient operator = TestAccess.api(stack, Role.CITY_OPERATOR);
    ApiClient admin = TestAccess.api(stack, Role.ADMIN);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    WebSocket watcher =
        operator.live(
            m -> {
              if (m.path("type").asText().equals("reading")) {
                seen.add(m.path("deviceId").asText() + "@" + m.at("/values/speed").asInt());
              }
            });
    // A few traffic detectors in turn, each reading with a time of its own.
    Iterator<Device> devices =
        Stream.generate(
                TestStack.generated(stack)
                        .filter(d -> d.domain().equals(TrafficFeature.DOMAIN))
                        .toList()
                    ::stream)
            .flatMap(s -> s)
            .iterator();
    MqttClient gateway =
        new MqttClient(
            stack.mqttUri(), TestAccess.gatewayClientId("live-closing"), new MemoryPersistence());
    gateway.connect(TestAccess.gatewayOptions(stack));
    try {
      awaitClients(admin, 1);

      // A tab closed: a close frame from the client.
      WebSocket closed = operator.live(m -> {});
      awaitClients(admin, 2);
      closed.sendClose(WebSocket.NORMAL_CLOSURE, "tab closed").join();
      awaitDelivered(gateway, devices.next(), seen);
      awaitClients(admin, 1);

      // A dropped connection: no close frame at all.
      WebSocket dropped = operator.live(m -> {});
      awaitClients(admin, 2);
      dropped.abort();
      awaitDelivered(gateway, devices.next(), seen);
      awaitClients(admin, 1);

      // A reload in the middle of the handshake: the upgrade request, then the connection gone.
      abandonHandshake(stack.httpPort(), operator.token());
      awaitDelivered(gateway, devices.next(), seen);
      awaitClients(admin, 1);

      // A plain GET is told what the route is, and keeps nothing.
      HttpResponse<String> plain = operator.send("/api/v1/live");
      assertThat(plain.statusCode()).isEqualTo(400);
      assertThat(plain.body()).contains("WebSocket");
      awaitDelivered(gateway, devices.next(), seen);

      // The server's own close when the token runs out (1008), as within 15 minutes of any use.
      CompletableFuture<Integer> closeCode = new CompletableFuture<>();
      openWithShortToken(stack, closeCode);
      assertThat(closeCode.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
      awaitDelivered(gateway, devices.next(), seen);
      awaitClients(admin, 1);

      // A newcomer after all of it gets readings, not only its hello.
      Set<String> newcomer = ConcurrentHashMap.newKeySet();
      WebSocket late =
          operator.live(
              m -> {
                if (m.path("type").asText().equals("reading")) {
                  newcomer.add(m.path("deviceId").asText() + "@" + m.at("/values/speed").asInt());
                }
              });
      awaitClients(admin, 2);
      String last = awaitDelivered(gateway, devices.next(), seen);
      await().atMost(Duration.ofSeconds(20)).until(() -> newcomer.contains(last));
      late.abort();
    } finally {
      gateway.disconnect();
      gateway.close();
      watcher.abort();
    }
    assertThat(log.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .filteredOn(e -> WEB_LOGGERS.stream().anyMatch(e.getLoggerName()::startsWith))
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEmpty();
  }

  /** Speeds no other test sends, one per reading, so a reading is known by its value. */
  private static final AtomicInteger SPEED = new AtomicInteger(71);

  /**
   * Publishes one reading of the device and waits until the watcher has it; returns it as
   * "device@speed" (the time would not do: the feed sends a device's latest time, and other tests
   * may have sent a later one).
   */
  private static String awaitDelivered(MqttClient gateway, Device device, Set<String> seen)
      throws Exception {
    int speed = SPEED.getAndIncrement();
    MqttMessage m =
        new MqttMessage(
            ("{\"ts\":\""
                    + Instant.now().truncatedTo(ChronoUnit.MILLIS)
                    + "\",\"values\":{\"speed\":"
                    + speed
                    + "}}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    gateway.publish("cantho/v1/traffic/" + device.id() + "/up", m);
    String reading = device.id() + "@" + speed;
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains(reading));
    return reading;
  }

  /** The live sockets the node keeps, as its metrics tell. */
  private static void awaitClients(ApiClient admin, int expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                admin
                        .send("/metrics")
                        .body()
                        .lines()
                        .filter(l -> l.startsWith("ioc_live_clients"))
                        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .findFirst()
                        .orElse(-1.0)
                    == expected);
  }

  private static void abandonHandshake(int port, String token) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/v1/live?access_token="
                  + token
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } // closed before the server's answer is read
  }

  /** A viewer whose access token lasts two seconds; the future gets the server's close code. */
  private static void openWithShortToken(DemoStack stack, CompletableFuture<Integer> closeCode)
      throws Exception {
    TestAccess.account(stack, Role.VIEWER);
    var user =
        new UserStore(stack.server().database(), new PasswordHasher())
            .find(TestAccess.username(Role.VIEWER))
            .orElseThrow();
    String token =
        new LocalTokens(
                SigningSecret.loadOrCreate(stack.data().resolve("jwt-secret")),
                Duration.ofSeconds(2),
                Clock.systemUTC())
            .issue(user);
    HTTP.newWebSocketBuilder()
        .buildAsync(
            URI.create("ws://127.0.0.1:" + stack.httpPort() + "/api/v1/live?access_token=" + token),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeCode.complete(statusCode);
                return null;
              }
            })
        .join();
  }
}
