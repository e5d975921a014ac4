package vn.cantho.ioc.deploy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import vn.cantho.ioc.sim.LoadGenerator;

/**
 * The benchmark's load: {@link LoadGenerator} in a JVM of its own (so its CPU and garbage are not
 * the node's), run once per rate step.
 */
record BenchLoad(String broker, int devices, int connections, int metricsPerMessage) {

  /** What one run published (acknowledged by the broker) and for how long. */
  record Result(long published, double seconds) {}

  /** Publishes {@code readingsPerS} (0 = as fast as the broker acknowledges) for the given time. */
  Result run(double readingsPerS, int seconds) throws IOException, InterruptedException {
    Process generator =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LoadGenerator.class.getName(),
                "--broker",
                broker,
                "--devices",
                String.valueOf(devices),
                "--rate",
                String.format(Locale.ROOT, "%.1f", readingsPerS / metricsPerMessage),
                "--seconds",
                String.valueOf(seconds),
                "--connections",
                String.valueOf(connections))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(generator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!generator.waitFor(10, TimeUnit.MINUTES) || generator.exitValue() != 0) {
      throw new IllegalStateException("load generator failed: " + out);
    }
    JsonObject result = new JsonObject(out.strip());
    if (result.getLong("failed") > 0) {
      throw new IllegalStateException("the broker refused publishes: " + out);
    }
    return new Result(result.getLong("published"), result.getDouble("seconds"));
  }
}
