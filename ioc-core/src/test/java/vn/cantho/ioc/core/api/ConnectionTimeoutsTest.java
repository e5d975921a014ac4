package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.MutableClock;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * The API server closes connections that hold it without sending a request, and keeps a live feed
 * open by its own pings. Small timeouts (300 ms for a request head, 1 s idle) keep the test short;
 * each check waits for the server to close the socket, bounded well above the timeout.
 */
@ExtendWith(PostgresExtension.class)
class ConnectionTimeoutsTest {
  private static final ApiServer.Timeouts TIMEOUTS =
      new ApiServer.Timeouts(Duration.ofMillis(300), Duration.ofSeconds(1));

  /** Far above either timeout: a socket still open then was not going to be closed. */
  private static final int BOUND_MS = 10_000;

  private static ApiTestServer api;

  @BeforeAll
  static void start(Database db) throws Exception {
    api = new ApiTestServer(db, new MutableClock(Instant.now()), TIMEOUTS);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aHalfSentRequestHeadIsClosedByTheServer() throws Exception {
    try (Socket socket = connect()) {
      send(socket, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      assertClosedByServer(socket);
    }
  }

  @Test
  void aKeptAliveConnectionWithoutANextRequestIsClosed() throws Exception {
    try (Socket socket = connect()) {
      send(socket, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      InputStream in = socket.getInputStream();
      byte[] status = in.readNBytes(12);
      assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      assertClosedByServer(socket);
    }
  }

  @Test
  void aStalledBodyIsClosedByTheIdleTimeout() throws Exception {
    try (Socket socket = connect()) {
      send(
          socket,
          "POST /api/v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user");
      assertClosedByServer(socket);
    }
  }

  @Test
  void aQuietLiveFeedOutlivesTheIdleTimeout() throws Exception {
    api.users.add("timeout.viewer", Role.VIEWER, List.of(), "pw-timeout".toCharArray());
    String token = api.localTokens.issue(api.users.find("timeout.viewer").orElseThrow());
    AtomicBoolean closed = new AtomicBoolean();
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + api.port + "/api/v1/live?access_token=" + token),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                    closed.set(true);
                    return null;
                  }

                  @Override
                  public void onError(WebSocket w, Throwable error) {
                    closed.set(true);
                  }
                })
            .join();
    // Three idle timeouts without a message of the feed's own: only the pings keep it open.
    await()
        .during(TIMEOUTS.idle().multipliedBy(3))
        .atMost(TIMEOUTS.idle().multipliedBy(5))
        .until(() -> !closed.get());
    ws.abort();
  }

  private static Socket connect() throws Exception {
    Socket socket = new Socket("127.0.0.1", api.port);
    socket.setSoTimeout(BOUND_MS);
    return socket;
  }

  private static void send(Socket socket, String text) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /**
   * Returns when the server has closed the socket: reads to the end of the stream, past whatever it
   * answered first. Were the socket kept open, a read would time out and fail the test.
   */
  private static void assertClosedByServer(Socket socket) throws Exception {
    socket.getInputStream().readAllBytes();
  }
}
