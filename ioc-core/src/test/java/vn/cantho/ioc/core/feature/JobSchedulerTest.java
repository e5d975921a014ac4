package vn.cantho.ioc.core.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobSchedulerTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void stopWaitsForTheRunInProgressAndNoRunStartsAfterIt() throws Exception {
    JobScheduler jobs = new JobScheduler(vertx);
    BlockingJob job = BlockingJob.scheduleOn(jobs);

    CompletableFuture<Void> stop =
        CompletableFuture.runAsync(() -> jobs.stop(Duration.ofSeconds(30)));
    assertThat(stop).as("the run still holds the stop").isNotDone();
    job.release().countDown();
    stop.get(10, TimeUnit.SECONDS);

    int afterStop = job.runs().get();
    assertThat(afterStop).as("one run at a time").isEqualTo(1);
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(1))
        .until(() -> job.runs().get() == afterStop);
  }

  @Test
  void aJobThatDoesNotRunHereIsSkippedAndAFailureIsReported() throws Exception {
    JobScheduler jobs = new JobScheduler(vertx);
    AtomicInteger elsewhere = new AtomicInteger();
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    jobs.schedule(Duration.ofMillis(10), () -> false, elsewhere::incrementAndGet, e -> {});
    jobs.schedule(
        Duration.ofMillis(10),
        () -> true,
        () -> {
          throw new IllegalStateException("boom");
        },
        failure::complete);
    assertThat(failure.get(10, TimeUnit.SECONDS)).hasMessage("boom");
    jobs.stop(Duration.ofSeconds(5));
    assertThat(elsewhere.get()).isZero();
  }

  @Test
  void aHoldWaitsForTheRunInProgressStartsNoneUntilClosedThenLetsThemRunAgain() throws Exception {
    JobScheduler jobs = new JobScheduler(vertx);
    BlockingJob job = BlockingJob.scheduleOn(jobs);

    CompletableFuture<JobScheduler.Held> hold =
        CompletableFuture.supplyAsync(() -> jobs.hold(Duration.ofSeconds(30)));
    assertThat(hold).as("the run in progress holds the hold").isNotDone();
    job.release().countDown();
    JobScheduler.Held held = hold.get(10, TimeUnit.SECONDS);
    int whileHeld = job.runs().get();
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(1))
        .until(() -> job.runs().get() == whileHeld);

    held.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> job.runs().get() > whileHeld);
    jobs.stop(Duration.ofSeconds(5));
  }

  /** A job every 10 ms whose first run holds until released; started once this returns. */
  private record BlockingJob(AtomicInteger runs, CountDownLatch release) {
    static BlockingJob scheduleOn(JobScheduler jobs) throws InterruptedException {
      BlockingJob job = new BlockingJob(new AtomicInteger(), new CountDownLatch(1));
      CountDownLatch started = new CountDownLatch(1);
      jobs.schedule(
          Duration.ofMillis(10),
          () -> true,
          () -> {
            job.runs().incrementAndGet();
            started.countDown();
            return job.release().await(30, TimeUnit.SECONDS);
          },
          e -> {});
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      return job;
    }
  }
}
