package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.auth.Secrets;
import vn.cantho.ioc.core.command.Command;
import vn.cantho.ioc.core.command.CommandBatch;
import vn.cantho.ioc.core.command.CommandOrigin;
import vn.cantho.ioc.core.command.CommandRequest;
import vn.cantho.ioc.core.command.CommandService;
import vn.cantho.ioc.core.command.CommandStatus;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.sim.FleetSize;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;

/**
 * Commands reach devices over MQTT and come back answered, through the embedded broker and through
 * Debian's mosquitto, each with the node's topic rules: a device receives its own downlink only
 * (another's is refused at SUBSCRIBE, or never delivered), answers with the command's correlation
 * data, a command to a device that is away times out, and the device gets its desired state again
 * when it comes back.
 */
class CommandDownlinkTest {
  private static final Duration SHORT = Duration.ofSeconds(3);

  @Test
  void throughTheEmbeddedBroker() throws Exception {
    try (DemoStack stack = TestStack.startIsolated()) {
      List<Device> lamps = lamps(stack.server());
      Device a = lamps.get(0);
      Device b = lamps.get(1);
      String secretA =
          stack.credentials().issue(a.id(), DeviceGrant.Kind.DEVICE, List.of(a.id()), false);
      String secretB =
          stack.credentials().issue(b.id(), DeviceGrant.Kind.DEVICE, List.of(b.id()), false);
      flow(stack.server(), stack.mqttUri(), a, secretA, b, secretB, true);
    }
  }

  @Test
  void throughMosquitto() throws Exception {
    assertThat(MosquittoBroker.installed())
        .as("mosquitto not installed (apt-get install mosquitto)")
        .isTrue();
    Path data = TestDirs.create("ioc-mosquitto-downlink");
    Path registry = data.resolve("devices.json");
    RegistryFile.write(
        registry,
        new RegistryGenerator(DemoZones.load(), 15).generate(new FleetSize(0, 0, 3)).devices());
    String nodeSecret = Secrets.newSecret();
    List<MosquittoBroker.Account> accounts = new ArrayList<>();
    accounts.add(
        new MosquittoBroker.Account(
            "ioc-node",
            nodeSecret,
            new DeviceGrant("ioc-node", DeviceGrant.Kind.NODE, java.util.Set.of(), false)));
    List<String> ids = List.of("sl-0001", "sl-0002");
    Map<String, String> secrets = new java.util.HashMap<>();
    for (String id : ids) {
      secrets.put(id, Secrets.newSecret());
      accounts.add(
          new MosquittoBroker.Account(
              id,
              secrets.get(id),
              new DeviceGrant(id, DeviceGrant.Kind.DEVICE, java.util.Set.of(id), false)));
    }
    try (MosquittoBroker broker =
            MosquittoBroker.start(data.resolve("mosquitto"), DemoStack.freePort(), null, accounts);
        EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"))) {
      IocServer server =
          new IocServer(
              TestNodes.settings(
                  db,
                  broker.uri(),
                  "ioc-node",
                  nodeSecret.toCharArray(),
                  registry,
                  data,
                  "ioc-node",
                  null));
      server.start();
      try {
        Device a = server.registry().find(ids.get(0)).orElseThrow();
        Device b = server.registry().find(ids.get(1)).orElseThrow();
        flow(server, broker.uri(), a, secrets.get(a.id()), b, secrets.get(b.id()), false);
      } finally {
        server.close();
      }
    }
  }

  private static void flow(
      IocServer server,
      String brokerUri,
      Device a,
      String secretA,
      Device b,
      String secretB,
      boolean refusesAtSubscribe)
      throws Exception {
    CommandService commands = server.commands();
    try (FieldDevice deviceA = new FieldDevice(brokerUri, a, secretA).answering("acknowledged")) {
      assertThat(deviceA.subscribe(FieldDevice.downlink(a)))
          .as("its own downlink")
          .isLessThan(0x80);
      int other = deviceA.subscribe(FieldDevice.downlink(b));
      int all = deviceA.subscribe("cantho/v1/+/+/down");
      // mosquitto 2.0 grants the SUBSCRIBE and then delivers nothing its ACL refuses to read;
      // HiveMQ refuses it outright. Either way no command of B's may reach A (checked below).
      if (refusesAtSubscribe) {
        assertThat(List.of(other, all)).allMatch(code -> code >= 0x80);
      }

      // B is away: its command is published first, then A's. Had A been allowed to listen to B,
      // B's command would reach A before A's own.
      CommandBatch toB = set(commands, b, 40, SHORT);
      CommandBatch toA = set(commands, a, 70, Duration.ofSeconds(30));
      await().until(() -> status(commands, toA) == CommandStatus.ACKNOWLEDGED);
      // One command, its own: overlapping subscriptions may bring it more than once (MQTT 5
      // delivers a copy per matching subscription), never another device's.
      assertThat(deviceA.received.stream().map(FieldDevice.Received::correlation).distinct())
          .containsExactly(only(commands, toA).id().toString());
      assertThat(deviceA.received)
          .allSatisfy(
              r -> {
                assertThat(r.topic()).isEqualTo(FieldDevice.downlink(a));
                assertThat(r.responseTopic()).isEqualTo("cantho/v1/lighting/" + a.id() + "/reply");
                assertThat(r.expiry()).isBetween(1L, 30L);
                assertThat(r.payload().getString("action")).isEqualTo("set");
                assertThat(r.payload().getJsonObject("params"))
                    .isEqualTo(new JsonObject().put("state", 1).put("dim", 70));
              });
      assertThat(only(commands, toA).transport()).isEqualTo("mqtt");

      // B never answered: timed out at its deadline, nothing left open.
      await().until(() -> status(commands, toB) == CommandStatus.TIMED_OUT);

      // B comes back and reports: the twin re-sends what it missed, and B carries it out.
      try (FieldDevice deviceB = new FieldDevice(brokerUri, b, secretB).answering("acknowledged")) {
        assertThat(deviceB.subscribe(FieldDevice.downlink(b))).isLessThan(0x80);
        deviceB.report(Instant.now().truncatedTo(ChronoUnit.SECONDS), 0, 0, 0.5);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> commands.twins().status(b.id()).orElseThrow() == CommandStatus.ACKNOWLEDGED);
        assertThat(deviceB.received)
            .singleElement()
            .satisfies(
                r ->
                    assertThat(r.payload().getJsonObject("params"))
                        .isEqualTo(new JsonObject().put("state", 1).put("dim", 40)));
        Command resent =
            commands
                .store()
                .find(java.util.UUID.fromString(deviceB.received.get(0).correlation()))
                .orElseThrow();
        assertThat(resent.origin()).isEqualTo(CommandOrigin.TWIN);
      }
    }
  }

  private static List<Device> lamps(IocServer server) {
    return server.registry().all().stream()
        .filter(d -> d.domain().equals(Domain.LIGHTING))
        .sorted(Comparator.comparing(Device::id))
        .toList();
  }

  private static CommandBatch set(CommandService commands, Device d, int dim, Duration timeout)
      throws Exception {
    return commands.submit(
        new CommandRequest(
            "device:" + d.id(),
            List.of(d),
            "set",
            new JsonObject().put("state", 1).put("dim", dim),
            Map.of("state", 1.0, "dim", (double) dim),
            "test:downlink",
            CommandOrigin.OPERATOR,
            timeout));
  }

  private static Command only(CommandService commands, CommandBatch batch) throws Exception {
    return commands
        .store()
        .list(CursorPaging.first(2), null, batch.batchId(), null, null, null)
        .items()
        .get(0);
  }

  private static CommandStatus status(CommandService commands, CommandBatch batch) {
    Supplier<CommandStatus> s =
        () -> {
          try {
            return only(commands, batch).status();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    return s.get();
  }
}
