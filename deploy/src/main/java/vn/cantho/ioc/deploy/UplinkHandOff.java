package vn.cantho.ioc.deploy;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.adapters.mqtt.MqttIngestConfig;
import vn.cantho.ioc.adapters.mqtt.TopicAcl;
import vn.cantho.ioc.core.auth.DeviceGrant;

/**
 * Hands the embedded broker's uplinks straight to the node in the same JVM (ADR 0026), instead of
 * queueing each for the node's MQTT session: HiveMQ's file-backed queue was 44 % of the node's CPU.
 *
 * <p>An uplink is written to the {@link UplinkJournal} first, then queued here, then acknowledged
 * to the device; a thread of ours passes it to the node's intake, and the journal forgets it once
 * committed. What this cannot take (no node attached, the queue full, a journal write failing, a
 * publish its sender may not make) goes on HiveMQ's normal path untouched: queued for the node's
 * session, or refused by HiveMQ's own authorization. So back-pressure costs speed, never data.
 */
final class UplinkHandOff implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UplinkHandOff.class);

  /** Uplinks taken and not yet passed to the node: about 4 MB at the benchmark's payloads. */
  static final int QUEUE_CAPACITY = 20_000;

  /** How long a stop waits for the queue to reach the node. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /** What takes an uplink: the node's MQTT intake. */
  @FunctionalInterface
  interface Intake {
    /** Completes when committed; fails when the node stopped first. */
    Future<Void> take(String topic, byte[] payload);
  }

  private record Uplink(long seq, String topic, byte[] payload) {}

  private final UplinkJournal journal;
  private final BlockingQueue<Uplink> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong handedOff = new AtomicLong();
  private final AtomicLong passedOn = new AtomicLong();
  private volatile Intake intake;
  private Thread feeder;
  private CountDownLatch fed;

  private UplinkHandOff(UplinkJournal journal) {
    this.journal = journal;
  }

  static UplinkHandOff open(Path journalDir) throws IOException {
    return new UplinkHandOff(UplinkJournal.open(journalDir));
  }

  /**
   * The interceptor for one connection.
   *
   * @param grant the connection's permissions; null on a broker that lets any client in
   */
  PublishInboundInterceptor interceptorFor(DeviceGrant grant) {
    return (input, output) -> {
      PublishPacket publish = input.getPublishPacket();
      String topic = publish.getTopic();
      if (publish.getQos() == Qos.EXACTLY_ONCE
          || publish.getRetain()
          || !MqttIngestConfig.matchesTopicFilter(topic)
          // HiveMQ authorizes a publish only after its interceptors: the grant is checked here,
          // and a publish outside it goes on to be refused there.
          || (grant != null && !TopicAcl.mayPublish(grant, topic))) {
        return;
      }
      if (take(topic, publish.getPayload().map(UplinkHandOff::bytes).orElse(new byte[0]))) {
        output.preventPublishDelivery(AckReasonCode.SUCCESS);
      } else {
        passedOn.incrementAndGet();
      }
    };
  }

  /** Journals and queues an uplink; false leaves it to HiveMQ. */
  private synchronized boolean take(String topic, byte[] payload) {
    // Only this method adds, under this lock, so the space seen here is still there below.
    if (intake == null || queue.remainingCapacity() == 0) {
      return false;
    }
    long seq;
    try {
      seq = journal.append(topic, payload);
    } catch (IOException e) {
      LOG.warn("Uplink journal write failed; the broker queues the uplink instead", e);
      return false;
    }
    queue.add(new Uplink(seq, topic, payload));
    handedOff.incrementAndGet();
    return true;
  }

  /**
   * Starts handing uplinks to a node: first what an earlier run journaled and may not have
   * committed, then what arrives.
   */
  synchronized void attach(Intake node) {
    if (intake != null) {
      throw new IllegalStateException("uplinks are already handed to a node");
    }
    intake = node;
    fed = new CountDownLatch(1);
    feeder = new Thread(() -> feed(node), "ioc-uplink-handoff");
    feeder.setDaemon(true);
    feeder.start();
  }

  /**
   * Stops taking uplinks (HiveMQ queues them for the node's session again) and waits until the
   * queue has reached the node. What the node refuses, stopping, stays in the journal.
   */
  void detach() {
    CountDownLatch done;
    synchronized (this) {
      if (intake == null) {
        return;
      }
      intake = null;
      done = fed;
    }
    try {
      if (!done.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Uplink hand-off still feeding after {}; the journal keeps the rest", STOP_GRACE);
        feeder.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void feed(Intake node) {
    try {
      replayLeftover(node);
      while (intake == node || !queue.isEmpty()) {
        Uplink uplink = queue.poll(100, TimeUnit.MILLISECONDS);
        if (uplink != null) {
          node.take(uplink.topic(), uplink.payload()).onSuccess(v -> committed(uplink.seq()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("Uplink hand-off stopped; the journal keeps what it had not passed on", e);
    } finally {
      fed.countDown();
    }
  }

  /** What an earlier run journaled: passed on, and its files deleted once all is committed. */
  private void replayLeftover(Intake node) throws InterruptedException {
    List<Path> leftover = journal.leftover();
    if (leftover.isEmpty()) {
      return;
    }
    List<UplinkJournal.Entry> entries;
    try {
      entries = UplinkJournal.readAll(leftover);
    } catch (IOException e) {
      LOG.error("Could not read the uplink journal {}; it stays for the next start", leftover, e);
      return;
    }
    if (entries.isEmpty()) {
      leftover.forEach(UplinkHandOff::delete); // already replayed at an earlier attach, or empty
      return;
    }
    LOG.info("Handing the node {} uplinks journaled by an earlier run", entries.size());
    List<Future<Void>> commits =
        entries.stream().map(e -> node.take(e.topic(), e.payload())).toList();
    CountDownLatch all = new CountDownLatch(1);
    Future.all(commits)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                leftover.forEach(UplinkHandOff::delete);
              } else {
                LOG.warn("Journaled uplinks not all committed; they stay for the next start");
              }
              all.countDown();
            });
    all.await();
  }

  private void committed(long seq) {
    try {
      journal.committed(seq);
    } catch (IOException e) {
      // The segment stays and is replayed at the next start: duplicates the database drops.
      LOG.warn("Could not delete a committed uplink journal segment: {}", e.getMessage());
    }
  }

  /** Uplinks this took from the broker. */
  long handedOff() {
    return handedOff.get();
  }

  /** Uplinks it left to HiveMQ's queue because it could not take them. */
  long passedOn() {
    return passedOn.get();
  }

  @Override
  public void close() throws IOException {
    detach();
    journal.close();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.asReadOnlyBuffer();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete replayed journal segment {}: {}", file, e.getMessage());
    }
  }
}
