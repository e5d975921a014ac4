package vn.cantho.ioc.deploy;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import vn.cantho.ioc.sim.LoadGenerator;

/**
 * The benchmark's load: {@link LoadGenerator} in a JVM of its own (so its CPU and garbage are not
 * the node's), started once and kept for every run of a bench ({@code --serve}). A fresh JVM per
 * step spent its first seconds compiling on the cores the node shares, just when the latency phase
 * began (docs/BENCHMARKS.md).
 */
final class BenchLoad implements AutoCloseable {
  /** The generator's scheduling priority, 10 steps below the default (nice(1)). */
  static final int NICENESS = 10;

  private final Process generator;
  private final Writer commands;
  private final BufferedReader results;
  private final int metricsPerMessage;

  /** What one run published (acknowledged by the broker) and for how long. */
  record Result(long published, double seconds) {}

  private BenchLoad(Process generator, int metricsPerMessage) {
    this.generator = generator;
    this.commands = generator.outputWriter(StandardCharsets.US_ASCII);
    this.results = generator.inputReader(StandardCharsets.US_ASCII);
    this.metricsPerMessage = metricsPerMessage;
  }

  /** Starts the generator; its connections to the broker open before the first run. */
  static BenchLoad start(String broker, int devices, int connections, int metricsPerMessage)
      throws IOException {
    Process generator =
        new ProcessBuilder(
                // Below the node, its broker and PostgreSQL in the scheduler's eyes: the devices it
                // stands for run elsewhere, and on two shared cores its compiler and publishing
                // threads otherwise delay the commits it measures (ADR 0027).
                "nice",
                "-n",
                String.valueOf(NICENESS),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LoadGenerator.class.getName(),
                "--broker",
                broker,
                "--devices",
                String.valueOf(devices),
                "--connections",
                String.valueOf(connections),
                "--serve")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return new BenchLoad(generator, metricsPerMessage);
  }

  /** Publishes {@code readingsPerS} (0 = as fast as the broker acknowledges) for the given time. */
  Result run(double readingsPerS, int seconds) throws IOException {
    commands.write(
        String.format(Locale.ROOT, "%.1f %d%n", readingsPerS / metricsPerMessage, seconds));
    commands.flush();
    String out = results.readLine();
    if (out == null) {
      throw new IllegalStateException("load generator ended: " + exitCode());
    }
    JsonObject result = new JsonObject(out.strip());
    if (result.getLong("failed") > 0) {
      throw new IllegalStateException("the broker refused publishes: " + out);
    }
    return new Result(result.getLong("published"), result.getDouble("seconds"));
  }

  private String exitCode() {
    try {
      return generator.waitFor(10, TimeUnit.SECONDS)
          ? "exit code " + generator.exitValue()
          : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Ends the input: the generator disconnects and exits; stopped if it does not. */
  @Override
  public void close() throws IOException {
    commands.close();
    try {
      if (!generator.waitFor(30, TimeUnit.SECONDS)) {
        generator.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      generator.destroyForcibly();
    }
  }
}
