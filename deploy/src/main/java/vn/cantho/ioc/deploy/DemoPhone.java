package vn.cantho.ioc.deploy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's SMS gateway: a loopback HTTP server that takes the IOC's SMS requests like a real
 * gateway would and prints each message, so the demo shows what a farmer's phone receives without a
 * carrier contract. Not for production: set {@code IOC_SMS_URL} there.
 */
final class DemoPhone implements AutoCloseable {
  /** The number the demo farmer's SMS subscription sends to. */
  static final String NUMBER = "0900000000";

  private static final Logger LOG = LoggerFactory.getLogger(DemoPhone.class);
  private final HttpServer server;

  private DemoPhone(HttpServer server) {
    this.server = server;
  }

  static DemoPhone start() throws IOException {
    return start(true);
  }

  /**
   * @param print whether to log each message (the demo) or only take it (the benchmark)
   */
  static DemoPhone start(boolean print) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(
        java.util.concurrent.Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "ioc-demo-phone");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/sms",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (print) {
            LOG.info("SMS to the demo farmer's phone: {}", body);
          }
          byte[] ok = "{\"status\":\"queued\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(202, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    server.start();
    return new DemoPhone(server);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
