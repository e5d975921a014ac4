package vn.cantho.ioc.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.cantho.ioc.core.command.CommandStatus;
import vn.cantho.ioc.core.command.Delivery;
import vn.cantho.ioc.core.command.OutgoingCommand;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.sim.opcua.StationNodes;
import vn.cantho.ioc.sim.opcua.StationSimulatorServer;

/** Commands to the station simulator's lighting cabinet over a real OPC UA session. */
class OpcUaDownlinkTest {
  private static final String CABINET = "light-cab-nk-01";
  // The same cabinet addressed through its SetLight method, and through wrongly mapped nodes.
  private static final String BY_METHOD = "light-cab-nk-01-method";
  private static final String READ_ONLY = "light-cab-nk-01-readonly";
  private static final String WRONG_TYPE = "light-cab-nk-01-float";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static final List<CommandMapping> COMMANDS =
      List.of(
          new CommandMapping(
              CABINET,
              "set",
              List.of(
                  write("state", StationNodes.SWITCH, CommandDataType.BOOLEAN),
                  write("dim", StationNodes.DIM_LEVEL, CommandDataType.DOUBLE)),
              null),
          new CommandMapping(
              BY_METHOD,
              "set",
              List.of(),
              new CommandMapping.MethodCall(
                  StationNodes.expandedNodeId(StationNodes.CABINET),
                  StationNodes.expandedNodeId(StationNodes.SET_LIGHT),
                  List.of(
                      new CommandMapping.MethodInput("state", CommandDataType.BOOLEAN),
                      new CommandMapping.MethodInput("dim", CommandDataType.DOUBLE)))),
          new CommandMapping(
              READ_ONLY,
              "set",
              List.of(write("state", StationNodes.CONTACTOR_ON, CommandDataType.BOOLEAN)),
              null),
          new CommandMapping(
              WRONG_TYPE,
              "set",
              List.of(write("dim", StationNodes.DIM_LEVEL, CommandDataType.FLOAT)),
              null));

  @TempDir Path serverPki;
  @TempDir Path clientPki;

  private final CollectingSink sink = new CollectingSink();
  private StationSimulatorServer server;
  private OpcUaIngestAdapter adapter;
  private OpcUaDownlink downlink;

  @BeforeEach
  void start() throws Exception {
    int port = freePort();
    server = StationSimulatorServer.start(port, serverPki, Clock.systemUTC());
    OpcUaMapping mapping =
        new OpcUaMapping(
            "opc.tcp://127.0.0.1:" + port + "/cantho-sim",
            OpcUaSecurity.NONE,
            List.of(
                node(StationNodes.CONTACTOR_ON, "state"),
                node(StationNodes.TOTAL_POWER, "cabinet_power")),
            COMMANDS);
    adapter = OpcUaIngestAdapter.start(mapping, sink, clientPki);
    downlink = adapter.downlink();
    await().atMost(WAIT).until(() -> adapter.check().result().up());
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aWriteIsAcknowledgedAndTheCabinetFollowsIt() throws Exception {
    Delivery on = send(CABINET, new JsonObject().put("state", 1).put("dim", 30));

    assertThat(on).isEqualTo(new Delivery(CommandStatus.ACKNOWLEDGED, null));
    // 30 % of the cabinet's 4 kW, seen through the adapter's own subscription.
    await().atMost(WAIT).until(() -> latest("cabinet_power") == 1200.0);
    await().atMost(WAIT).until(() -> latest("state") == 1.0);

    Delivery off = send(CABINET, new JsonObject().put("state", 0));

    assertThat(off.status()).isEqualTo(CommandStatus.ACKNOWLEDGED);
    await().atMost(WAIT).until(() -> latest("state") == 0.0);
    await().atMost(WAIT).until(() -> latest("cabinet_power") == 15.0);
  }

  @Test
  void theSetLightMethodIsAcknowledgedAndTheCabinetFollowsIt() throws Exception {
    Delivery d = send(BY_METHOD, new JsonObject().put("state", 1).put("dim", 55));

    assertThat(d).isEqualTo(new Delivery(CommandStatus.ACKNOWLEDGED, null));
    await().atMost(WAIT).until(() -> latest("cabinet_power") == 2200.0);
  }

  @Test
  void anOutOfRangeDimIsRejectedWithTheServersStatus() throws Exception {
    Delivery written = send(CABINET, new JsonObject().put("dim", 150));
    Delivery called = send(BY_METHOD, new JsonObject().put("state", 1).put("dim", -5));

    assertThat(written).isEqualTo(new Delivery(CommandStatus.REJECTED, "dim: Bad_OutOfRange"));
    assertThat(called)
        .isEqualTo(new Delivery(CommandStatus.REJECTED, "Bad_InvalidArgument: dim Bad_OutOfRange"));
  }

  @Test
  void aPartlyRefusedWriteSaysWhatWasWritten() throws Exception {
    Delivery d = send(CABINET, new JsonObject().put("state", 1).put("dim", 101));

    assertThat(d)
        .isEqualTo(new Delivery(CommandStatus.REJECTED, "dim: Bad_OutOfRange (written: state)"));
  }

  @Test
  void readOnlyNodesAndWrongTypesAreRejectedByTheServer() throws Exception {
    // Milo 1.1's access controller checks UserAccessLevel before AccessLevel, so a read-only
    // variable answers Bad_UserAccessDenied rather than Bad_NotWritable; both are REJECTED.
    assertThat(send(READ_ONLY, new JsonObject().put("state", 1)))
        .isEqualTo(new Delivery(CommandStatus.REJECTED, "state: Bad_UserAccessDenied"));
    assertThat(send(WRONG_TYPE, new JsonObject().put("dim", 40)))
        .isEqualTo(new Delivery(CommandStatus.REJECTED, "dim: Bad_TypeMismatch"));
  }

  @Test
  void parametersThatCannotBeSentAreRejectedWithoutAsking() throws Exception {
    assertThat(send(CABINET, new JsonObject().put("state", 2)))
        .isEqualTo(new Delivery(CommandStatus.REJECTED, "state: 2 is not a Boolean (0 or 1)"));
    assertThat(send(CABINET, new JsonObject().put("colour", "red")).detail())
        .isEqualTo("parameter colour is not mapped to a variable");
    assertThat(send(BY_METHOD, new JsonObject().put("state", 1)).detail())
        .isEqualTo("parameter dim is missing");
  }

  @Test
  void reachesOnlyTheMappedDevicesAndActions() {
    assertThat(downlink.name()).isEqualTo("opcua");
    assertThat(downlink.reaches(device(CABINET), "set")).isTrue();
    assertThat(downlink.reaches(device(BY_METHOD), "set")).isTrue();
    assertThat(downlink.reaches(device(CABINET), "reboot")).isFalse();
    assertThat(downlink.reaches(device("light-cab-cr-07"), "set")).isFalse();
  }

  @Test
  void aStoppedServerFailsTheCommand() throws Exception {
    server.close();
    server = null;

    // At once (the session may not know yet) and once the session is gone: FAILED either way.
    Delivery atOnce = send(CABINET, new JsonObject().put("state", 1));
    await().atMost(WAIT).until(() -> !adapter.check().result().up());
    Delivery later = send(CABINET, new JsonObject().put("state", 1));

    assertThat(atOnce.status()).isEqualTo(CommandStatus.FAILED);
    assertThat(atOnce.detail()).isNotBlank();
    assertThat(later.status()).isEqualTo(CommandStatus.FAILED);
    assertThat(later.detail()).startsWith("no OPC UA session with opc.tcp://127.0.0.1:");
  }

  @Test
  void aCommandPastItsDeadlineIsNotSent() throws Exception {
    Instant past = Instant.now().minusSeconds(1);
    OutgoingCommand late =
        new OutgoingCommand(
            UUID.randomUUID(),
            device(CABINET),
            "set",
            new JsonObject().put("state", 1),
            past.minusSeconds(60),
            past);

    Delivery d = downlink.send(late).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(d).isEqualTo(Delivery.failed("deadline passed before sending"));
  }

  private Delivery send(String deviceId, JsonObject params) throws Exception {
    Instant now = Instant.now();
    OutgoingCommand command =
        new OutgoingCommand(
            UUID.randomUUID(), device(deviceId), "set", params, now, now.plusSeconds(60));
    return downlink.send(command).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** The value of the newest reading of the cabinet's {@code metric}, or NaN before the first. */
  private double latest(String metric) {
    Reading last = null;
    for (Reading r : sink.readings) {
      if (r.deviceId().equals(CABINET) && r.metric().equals(metric)) {
        last = r;
      }
    }
    return last == null ? Double.NaN : last.value();
  }

  private static Device device(String id) {
    return new Device(id, Domain.LIGHTING, "lighting_cabinet", id, 105.77, 10.03, null, 60);
  }

  private static CommandMapping.ParamWrite write(
      String param, String identifier, CommandDataType type) {
    return new CommandMapping.ParamWrite(param, StationNodes.expandedNodeId(identifier), type);
  }

  private static NodeMapping node(String identifier, String metric) {
    return new NodeMapping(StationNodes.expandedNodeId(identifier), CABINET, metric, 100);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
