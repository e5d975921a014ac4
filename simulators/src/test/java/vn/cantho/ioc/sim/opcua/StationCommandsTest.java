package vn.cantho.ioc.sim.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands to the simulated pumping station over a real OPC UA session. */
class StationCommandsTest {
  /** 17:00 local on 12 October 2026: the evening tide is rising, the gate shut. */
  private static final Instant EVENING = Instant.parse("2026-10-12T10:00:00Z");

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path pki;

  private StationSimulatorServer server;
  private OpcUaClient client;

  @BeforeEach
  void start() throws Exception {
    // Two simulated minutes per real second, so the canal moves visibly while the test waits.
    server = StationSimulatorServer.start(freePort(), pki, new FastClock(EVENING, 120));
    client = OpcUaClient.create(server.endpointUrl());
    client.connect();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.disconnect();
    }
    server.close();
  }

  @Test
  void threePumpsSwitchedOnLowerTheCanalAndSetAutoHandsThemBack() throws Exception {
    List<StatusCode> written =
        client.writeValues(
            List.of(
                node(StationNodes.PUMP_1), node(StationNodes.PUMP_2), node(StationNodes.PUMP_3)),
            List.of(on(true), on(true), on(true)));

    assertThat(written).allMatch(StatusCode::isGood);
    assertThat(read(StationNodes.PUMP_3)).isEqualTo(true);
    assertThat(read(StationNodes.AUTO)).isEqualTo(false);
    double first = (Double) read(StationNodes.LEVEL_INSIDE);
    double[] previous = {first};
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              double now = (Double) read(StationNodes.LEVEL_INSIDE);
              assertThat(now).as("the canal only falls").isLessThanOrEqualTo(previous[0]);
              previous[0] = now;
              return now <= first - 2;
            });

    CallMethodResult result = call(StationNodes.SET_AUTO);

    assertThat(result.getStatusCode().isGood()).isTrue();
    assertThat(read(StationNodes.AUTO)).isEqualTo(true);
    // Far below pump 3's start level, the PLC stops it.
    await().atMost(WAIT).until(() -> read(StationNodes.PUMP_3).equals(false));
  }

  @Test
  void theGateMovesToItsSetpointAndRefusesBadValues() throws Exception {
    assertThat(write(StationNodes.GATE_SETPOINT, new Variant(40.0)).isGood()).isTrue();
    assertThat(read(StationNodes.GATE_SETPOINT)).isEqualTo(40.0);
    await().atMost(WAIT).until(() -> read(StationNodes.GATE_POSITION).equals(40.0));

    assertThat(write(StationNodes.GATE_SETPOINT, new Variant(120.0)).getValue())
        .isEqualTo(StatusCodes.Bad_OutOfRange);
    assertThat(write(StationNodes.GATE_SETPOINT, new Variant(true)).getValue())
        .isEqualTo(StatusCodes.Bad_TypeMismatch);
    assertThat(write(StationNodes.GATE_POSITION, new Variant(10.0)).isBad()).isTrue();
  }

  @Test
  void setPumpRunsOnePumpAndRefusesAPumpThatIsNotThere() throws Exception {
    CallMethodResult ok = call(StationNodes.SET_PUMP, new Variant(2), new Variant(true));
    CallMethodResult missing = call(StationNodes.SET_PUMP, new Variant(4), new Variant(true));

    assertThat(ok.getStatusCode().isGood()).isTrue();
    assertThat(read(StationNodes.PUMP_2)).isEqualTo(true);
    assertThat(missing.getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_InvalidArgument);
    assertThat(missing.getInputArgumentResults()[0].getValue())
        .isEqualTo(StatusCodes.Bad_OutOfRange);
  }

  private Object read(String identifier) throws Exception {
    DataValue value = client.readValue(0, TimestampsToReturn.Both, node(identifier));
    return value.value().value();
  }

  private StatusCode write(String identifier, Variant value) throws Exception {
    return client
        .writeValues(List.of(node(identifier)), List.of(DataValue.valueOnly(value)))
        .get(0);
  }

  private CallMethodResult call(String method, Variant... inputs) throws Exception {
    return client.call(
            List.of(new CallMethodRequest(node(StationNodes.STATION), node(method), inputs)))
        .getResults()[0];
  }

  private static DataValue on(boolean on) {
    return DataValue.valueOnly(new Variant(on));
  }

  private NodeId node(String identifier) throws Exception {
    return ExpandedNodeId.parse(StationNodes.expandedNodeId(identifier))
        .toNodeId(client.readNamespaceTable())
        .orElseThrow();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Simulated time from {@code start}, running {@code speed} times faster than the real one. */
  private static final class FastClock extends Clock {
    private final Instant start;
    private final long speed;
    private final long startNanos = System.nanoTime();

    FastClock(Instant start, long speed) {
      this.start = start;
      this.speed = speed;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return start.plusNanos((System.nanoTime() - startNanos) * speed);
    }
  }
}
