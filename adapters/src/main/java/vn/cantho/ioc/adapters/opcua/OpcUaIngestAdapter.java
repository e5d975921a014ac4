package vn.cantho.ioc.adapters.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.health.Health;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.ReadingSink;

/**
 * Subscribes to the variables of an OPC UA server (a SCADA gateway or PLC) and hands their data
 * changes to the ingest pipeline as readings.
 *
 * <p>Threads: Milo delivers notifications on its own threads and sends the next publish request
 * only when the listener returns. The listener just converts and queues a batch on one delivery
 * thread with a bounded queue; when that queue is full the Milo thread runs the batch itself
 * (CallerRunsPolicy) and so blocks in {@link ReadingSink#submit} while the pipeline is full. That
 * is the back-pressure: the server keeps values queued (or coalesced) instead of us dropping them.
 *
 * <p>Connection: a supervisor thread connects (retrying until the first success; Milo reconnects by
 * itself afterwards) and (re)creates the subscription whenever a session is active without one,
 * which is the case after a restarted server refused to transfer the old subscription.
 *
 * <p>Nodes: a node the server refuses (unknown id, unknown namespace, no access) is left out and
 * reported in health with the server's reason; the others flow. Each new subscription counts its
 * nodes afresh, so a restarted server that now knows a node (or no longer does) is reflected.
 */
public final class OpcUaIngestAdapter implements AutoCloseable, HealthIndicator {
  private static final Logger LOG = LoggerFactory.getLogger(OpcUaIngestAdapter.class);
  private static final long SUPERVISE_EVERY_MS = 500;
  private static final int DELIVERY_QUEUE_BATCHES = 256;
  private static final double MIN_PUBLISHING_MS = 100;

  private final OpcUaMapping mapping;
  private final ReadingSink sink;
  private final Path pkiDirectory;
  private final Clock clock;
  private final ScheduledExecutorService supervisor;
  private final ThreadPoolExecutor delivery;
  private final AtomicLong readingsDelivered = new AtomicLong();
  private final AtomicLong rejectedDelivered = new AtomicLong();
  private final OpcUaDownlink downlink;

  // Written by the supervisor thread, read by health checks and Milo's threads.
  private volatile OpcUaClient client;
  private volatile boolean connectedOnce;
  private volatile boolean sessionActive;
  private volatile Subscribed subscribed;
  private volatile String lastProblem = "not connected yet";
  private volatile boolean closed;

  private OpcUaIngestAdapter(
      OpcUaMapping mapping, ReadingSink sink, Path pkiDirectory, Clock clock) {
    this.mapping = mapping;
    this.sink = sink;
    this.pkiDirectory = pkiDirectory;
    this.clock = clock;
    this.supervisor =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "opcua-supervisor"));
    this.delivery =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(DELIVERY_QUEUE_BATCHES),
            r -> daemon(r, "opcua-delivery"),
            new ThreadPoolExecutor.CallerRunsPolicy());
    this.downlink =
        new OpcUaDownlink(
            mapping,
            new OpcUaDownlink.Session() {
              @Override
              public Optional<OpcUaClient> activeClient() {
                OpcUaClient c = client;
                return sessionActive && c != null && !closed ? Optional.of(c) : Optional.empty();
              }

              @Override
              public String problem() {
                return closed ? "adapter closed" : lastProblem;
              }
            },
            clock);
  }

  /**
   * Starts connecting in the background and returns at once; {@link #check()} tells when readings
   * flow.
   *
   * @param pkiDirectory holds the client certificate and the pinned server certificate
   */
  public static OpcUaIngestAdapter start(
      OpcUaMapping mapping, ReadingSink sink, Path pkiDirectory) {
    return start(mapping, sink, pkiDirectory, Clock.systemUTC());
  }

  static OpcUaIngestAdapter start(
      OpcUaMapping mapping, ReadingSink sink, Path pkiDirectory, Clock clock) {
    OpcUaIngestAdapter adapter = new OpcUaIngestAdapter(mapping, sink, pkiDirectory, clock);
    adapter.supervisor.scheduleWithFixedDelay(
        adapter::supervise, 0, SUPERVISE_EVERY_MS, TimeUnit.MILLISECONDS);
    return adapter;
  }

  @Override
  public String name() {
    return "opcua";
  }

  /**
   * Commands to the devices of the mapping's {@code commands} section, sent over this adapter's
   * session (one session per server for readings and commands).
   */
  public OpcUaDownlink downlink() {
    return downlink;
  }

  @Override
  public Future<Health> check() {
    Subscribed current = subscribed;
    if (!sessionActive) {
      return Future.succeededFuture(
          Health.down("no session with " + mapping.endpointUrl() + ": " + lastProblem));
    }
    if (current == null || !current.isActive()) {
      return Future.succeededFuture(
          Health.down("connected to " + mapping.endpointUrl() + " but not subscribed"));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("endpoint", mapping.endpointUrl());
    details.put("securityPolicy", mapping.security().fileName());
    details.put("nodes", current.created());
    details.put("mapped", mapping.nodes().size());
    details.put("refused", current.refused().size());
    details.put("refusedNodes", current.refused().stream().map(RefusedNode::toDetails).toList());
    details.put("readings", readingsDelivered.get());
    details.put("rejected", rejectedDelivered.get());
    // Some refused nodes leave the component up: the others still flow, and a 503 for a mapping
    // typo would take the whole IOC out of its load balancer. None accepted means nothing flows.
    if (current.created() == 0) {
      details.put("reason", "the server refused every mapped node");
      return Future.succeededFuture(new Health(false, details));
    }
    return Future.succeededFuture(Health.up(details));
  }

  // One pass of the supervisor: never throws, so the schedule keeps running.
  @SuppressWarnings("CatchingUnchecked")
  private void supervise() {
    if (closed) {
      return;
    }
    try {
      if (!connectedOnce) {
        connectFirstTime();
      }
      Subscribed current = subscribed;
      if (sessionActive && (current == null || !current.isActive())) {
        subscribe();
      }
    } catch (Exception e) {
      String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!problem.equals(lastProblem)) {
        LOG.warn("OPC UA {}: {}", mapping.endpointUrl(), problem);
      }
      lastProblem = problem;
    }
  }

  private void connectFirstTime() throws Exception {
    if (client == null) {
      client = OpcUaClientFactory.create(mapping, pkiDirectory);
      client.addSessionActivityListener(new SessionTracker());
    }
    client.connect();
    connectedOnce = true;
    LOG.info("OPC UA connected to {} ({})", mapping.endpointUrl(), mapping.security().fileName());
  }

  private void subscribe() throws UaException {
    OpcUaClient c = client;
    NamespaceTable namespaces = c.readNamespaceTable();
    OpcUaSubscription s = new OpcUaSubscription(c, publishingInterval());
    s.setSubscriptionListener(new DataListener());
    List<RefusedNode> refused = new ArrayList<>();
    List<OpcUaMonitoredItem> items = new ArrayList<>();
    for (NodeMapping node : mapping.nodes()) {
      var nodeId = ExpandedNodeId.parse(node.nodeId()).toNodeId(namespaces);
      if (nodeId.isEmpty()) {
        refused.add(new RefusedNode(node, RefusedNode.UNKNOWN_NAMESPACE));
        continue;
      }
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodeId.get());
      item.setSamplingInterval(node.samplingIntervalMs());
      item.setQueueSize(uint(10));
      item.setUserObject(node);
      items.add(item);
    }
    s.addMonitoredItems(items);
    s.create();
    int created = 0;
    for (MonitoredItemServiceOperationResult r : s.createMonitoredItems()) {
      if (!r.serviceResult().isGood()) {
        // The call itself failed (timeout, session gone): not a verdict on the nodes. Drop this
        // subscription; the supervisor tries again.
        deleteQuietly(s);
        throw new UaException(r.serviceResult(), "creating monitored items failed");
      }
      StatusCode result = r.operationResult().orElse(r.serviceResult());
      if (result.isGood()) {
        created++;
      } else {
        NodeMapping node = (NodeMapping) r.monitoredItem().getUserObject().orElseThrow();
        refused.add(new RefusedNode(node, DataValueConverter.statusName(result)));
      }
    }
    // Report in mapping order, whichever way each node was refused.
    refused.sort(Comparator.comparingInt(r -> mapping.nodes().indexOf(r.node())));
    for (RefusedNode r : refused) {
      LOG.warn("OPC UA {}: node {} refused: {}", mapping.endpointUrl(), r.node(), r.reason());
    }
    subscribed = new Subscribed(s, created, List.copyOf(refused));
    lastProblem = "";
    LOG.info(
        "OPC UA subscribed to {} of {} mapped nodes on {}",
        created,
        mapping.nodes().size(),
        mapping.endpointUrl());
  }

  private void deleteQuietly(OpcUaSubscription s) {
    try {
      s.delete();
    } catch (UaException e) {
      LOG.debug("OPC UA: deleting a half-made subscription failed", e);
    }
  }

  private double publishingInterval() {
    long fastest =
        mapping.nodes().stream().mapToLong(NodeMapping::samplingIntervalMs).min().orElse(1000);
    return Math.max(MIN_PUBLISHING_MS, fastest);
  }

  private void deliver(List<DataValueConverter.Result> batch) {
    List<Reading> readings = new ArrayList<>(batch.size());
    for (DataValueConverter.Result result : batch) {
      if (result instanceof DataValueConverter.Accepted a) {
        readings.add(a.reading());
      } else if (result instanceof DataValueConverter.Refused r) {
        rejectedDelivered.incrementAndGet();
        sink.reject(r.rejected())
            .onFailure(e -> LOG.error("OPC UA rejection not stored: {}", r.rejected(), e));
      }
    }
    if (!readings.isEmpty()) {
      readingsDelivered.addAndGet(readings.size());
      sink.submit(readings)
          .onFailure(e -> LOG.error("OPC UA: {} readings not stored", readings.size(), e));
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    supervisor.shutdownNow();
    supervisor.awaitTermination(10, TimeUnit.SECONDS);
    OpcUaClient c = client;
    if (c != null) {
      try {
        c.disconnect();
      } catch (UaException e) {
        LOG.debug("OPC UA disconnect from {} failed", mapping.endpointUrl(), e);
      }
    }
    delivery.shutdown();
    delivery.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The current subscription and what it covers; replaced whole when re-subscribing. */
  private record Subscribed(
      OpcUaSubscription subscription, int created, List<RefusedNode> refused) {
    boolean isActive() {
      return subscription.getSyncState() != OpcUaSubscription.SyncState.INITIAL;
    }
  }

  private final class SessionTracker implements SessionActivityListener {
    @Override
    public void onSessionActive(UaSession session) {
      sessionActive = true;
      LOG.info("OPC UA session active on {}", mapping.endpointUrl());
    }

    @Override
    public void onSessionInactive(UaSession session) {
      sessionActive = false;
      if (closed) {
        LOG.info("OPC UA session on {} closed", mapping.endpointUrl()); // our own disconnect
        return;
      }
      lastProblem = "session lost";
      LOG.warn("OPC UA session lost on {}; Milo reconnects", mapping.endpointUrl());
    }
  }

  private final class DataListener implements OpcUaSubscription.SubscriptionListener {
    @Override
    public void onDataReceived(
        OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
      Instant now = clock.instant();
      List<DataValueConverter.Result> batch = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        NodeMapping node = (NodeMapping) items.get(i).getUserObject().orElseThrow();
        batch.add(DataValueConverter.convert(node, values.get(i), now));
      }
      if (!closed) {
        delivery.execute(() -> deliver(batch));
      }
    }

    @Override
    public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
      // Milo has reset the subscription; recreate it now rather than on the next tick.
      LOG.info(
          "OPC UA subscription not transferred ({}); re-subscribing",
          DataValueConverter.statusName(status));
      if (!closed) {
        supervisor.execute(OpcUaIngestAdapter.this::supervise);
      }
    }
  }
}
