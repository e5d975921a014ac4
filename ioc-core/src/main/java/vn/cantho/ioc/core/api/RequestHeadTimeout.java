package vn.cantho.ioc.core.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection that holds no request in progress and has not delivered a complete request
 * head within the timeout: after it opens, and after each answer (keep-alive). Vert.x has no such
 * timeout of its own, and its idle timeout alone lets a client that sends one byte now and then
 * keep a half-sent request, and a connection, for as long as it likes (slowloris). A WebSocket,
 * once upgraded, is no longer waiting for a head and is left to the idle timeout.
 */
final class RequestHeadTimeout {
  private final Vertx vertx;
  private final long millis;
  private final Map<HttpConnection, Waiting> connections = new ConcurrentHashMap<>();

  /** One connection's state; touched only on its event loop. */
  private static final class Waiting {
    long timer = -1;
    int inFlight;
  }

  RequestHeadTimeout(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.millis = Math.max(1, timeout.toMillis());
  }

  /** Sets the server's connection and request handlers; requests go on to {@code next}. */
  HttpServer install(HttpServer server, Handler<HttpServerRequest> next) {
    return server
        .connectionHandler(
            connection -> {
              Waiting waiting = new Waiting();
              connections.put(connection, waiting);
              connection.closeHandler(v -> disarm(connections.remove(connection)));
              arm(connection, waiting);
            })
        .requestHandler(
            request -> {
              HttpConnection connection = request.connection();
              Waiting waiting = connections.get(connection);
              if (waiting != null) {
                disarm(waiting);
                waiting.inFlight++;
                request
                    .response()
                    .endHandler(
                        v -> {
                          waiting.inFlight--;
                          if (waiting.inFlight == 0 && request.response().getStatusCode() != 101) {
                            arm(connection, waiting);
                          }
                        });
              }
              next.handle(request);
            });
  }

  private void arm(HttpConnection connection, Waiting waiting) {
    disarm(waiting);
    waiting.timer = vertx.setTimer(millis, id -> connection.close());
  }

  private void disarm(Waiting waiting) {
    if (waiting != null && waiting.timer >= 0) {
      vertx.cancelTimer(waiting.timer);
      waiting.timer = -1;
    }
  }
}
