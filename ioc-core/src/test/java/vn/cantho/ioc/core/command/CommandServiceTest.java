package vn.cantho.ioc.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.MutableClock;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.feature.LiveChannel;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * The kernel's command service on a real database, with a scripted transport: every command ends in
 * one final status, at most the in-flight bound wait for answers, a device that was away gets its
 * desired state again, and the API shows commands and twins within the caller's scope only.
 */
@ExtendWith(PostgresExtension.class)
class CommandServiceTest {
  private static final String WARD = "31135";
  private static final String OTHER_WARD = "31117";
  private static final int FLEET = 200;

  private final MutableClock clock = new MutableClock(Instant.now());
  private final List<Device> lamps = new ArrayList<>();
  private FeatureTestKit kit;
  private CommandService commands;
  private ScriptedDownlink link;

  @BeforeEach
  void start(Database db) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < FLEET; i++) {
      lamps.add(
          new Device(
              "cs-" + run + "-" + i,
              Domain.LIGHTING,
              "led_streetlight",
              "Đèn " + i,
              105.78,
              10.03,
              i % 2 == 0 ? WARD : OTHER_WARD,
              60));
    }
    kit = new FeatureTestKit(db, List.of(), lamps, new ZoneIndex(List.of()), clock);
    commands = kit.commands();
    link = new ScriptedDownlink(commands);
    commands.addDownlink(link);
  }

  @AfterEach
  void stop() {
    kit.close();
  }

  private CommandBatch set(List<Device> devices, int dim, Duration timeout) throws Exception {
    return commands.submit(
        new CommandRequest(
            devices.size() == 1 ? "device:" + devices.get(0).id() : "test-group",
            devices,
            "set",
            new JsonObject().put("state", 1).put("dim", dim),
            Map.of("state", 1.0, "dim", (double) dim),
            "hoa.operator",
            CommandOrigin.OPERATOR,
            timeout));
  }

  private Command only(CommandBatch batch) throws Exception {
    List<Command> items =
        commands
            .store()
            .list(
                vn.cantho.ioc.core.store.CursorPaging.first(10),
                null,
                batch.batchId(),
                null,
                null,
                null)
            .items();
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private CommandStatus statusOf(CommandBatch batch) throws Exception {
    return only(batch).status();
  }

  @Test
  void anAcknowledgedCommandIsStoredAuditedAndPushedLive() throws Exception {
    Device lamp = lamps.get(0);
    link.behave(lamp.id(), ScriptedDownlink.Behaviour.ACKNOWLEDGE);
    CommandBatch batch = set(List.of(lamp), 70, Duration.ofSeconds(60));

    await().until(() -> statusOf(batch) == CommandStatus.ACKNOWLEDGED);
    Command c = only(batch);
    // Answered before the transport even reported SENT: it still names the transport.
    assertThat(c.transport()).isEqualTo("scripted");
    assertThat(c.sentAt()).isNotNull();
    assertThat(c.endedAt()).isNotNull();
    assertThat(c.requestedBy()).isEqualTo("hoa.operator");
    assertThat(link.sentTo(lamp.id()))
        .singleElement()
        .satisfies(o -> assertThat(o.params().getInteger("dim")).isEqualTo(70));
    assertThat(kit.auditedActions("hoa.operator")).contains("command.operator");
    await()
        .until(
            () ->
                kit.live().stream()
                    .anyMatch(
                        m ->
                            m.type().equals(CommandService.LIVE_TYPE)
                                && m.body().getString("status").equals("acknowledged")
                                && m.body().getString("commandId").equals(c.id().toString())));
  }

  @Test
  void aSilentDeviceTimesOutAtItsDeadlineAndAnAnswerAfterThatChangesNothing() throws Exception {
    Device lamp = lamps.get(1);
    CommandBatch batch = set(List.of(lamp), 50, Duration.ofSeconds(30));
    await().until(() -> statusOf(batch) == CommandStatus.SENT);
    assertThat(only(batch).transport()).isEqualTo("scripted");

    clock.advance(Duration.ofSeconds(31));
    await().until(() -> statusOf(batch) == CommandStatus.TIMED_OUT);
    assertThat(commands.openCount()).isZero();

    UUID id = only(batch).id();
    commands.reply(id, lamp.id(), CommandStatus.ACKNOWLEDGED, null);
    // A later command's acknowledgement is written after any earlier transition: once it shows,
    // the late answer has been dealt with.
    Device other = lamps.get(3);
    link.behave(other.id(), ScriptedDownlink.Behaviour.ACKNOWLEDGE);
    CommandBatch next = set(List.of(other), 50, Duration.ofSeconds(30));
    await().until(() -> statusOf(next) == CommandStatus.ACKNOWLEDGED);
    assertThat(statusOf(batch)).isEqualTo(CommandStatus.TIMED_OUT);
  }

  @Test
  void aRejectionAndATransportFailureAreFinalWithTheirReasons() throws Exception {
    link.behave(lamps.get(4).id(), ScriptedDownlink.Behaviour.REJECT);
    link.behave(lamps.get(5).id(), ScriptedDownlink.Behaviour.TRANSPORT_FAILS);
    CommandBatch rejected = set(List.of(lamps.get(4)), 120, Duration.ofSeconds(30));
    CommandBatch failed = set(List.of(lamps.get(5)), 40, Duration.ofSeconds(30));

    await().until(() -> statusOf(rejected) == CommandStatus.REJECTED);
    assertThat(only(rejected).detail()).isEqualTo("dim out of range");
    await().until(() -> statusOf(failed) == CommandStatus.FAILED);
    assertThat(only(failed).detail()).contains("link down");
  }

  @Test
  void aDevicesAnswerIsStoredCleanedAndNeverBlocksTheStatusWriter() throws Exception {
    Device lamp = lamps.get(22);
    CommandBatch batch = set(List.of(lamp), 60, Duration.ofSeconds(30));
    await().until(() -> statusOf(batch) == CommandStatus.SENT);
    // PostgreSQL refuses a NUL in text: unfiltered, this answer would stop every later write.
    commands.reply(
        only(batch).id(), lamp.id(), CommandStatus.REJECTED, "bad\u0000" + "x".repeat(500));
    await().until(() -> statusOf(batch) == CommandStatus.REJECTED);
    assertThat(only(batch).detail()).startsWith("bad x").hasSize(200);
    // A device may not claim its command failed or timed out: only acknowledged or rejected.
    Device other = lamps.get(24);
    CommandBatch next = set(List.of(other), 60, Duration.ofSeconds(30));
    await().until(() -> statusOf(next) == CommandStatus.SENT);
    commands.reply(only(next).id(), other.id(), CommandStatus.FAILED, "nope");
    commands.reply(only(next).id(), other.id(), CommandStatus.ACKNOWLEDGED, null);
    await().until(() -> statusOf(next) == CommandStatus.ACKNOWLEDGED);
  }

  @Test
  void noDeviceCanAnswerForAnother() throws Exception {
    CommandBatch batch = set(List.of(lamps.get(6)), 60, Duration.ofSeconds(30));
    await().until(() -> statusOf(batch) == CommandStatus.SENT);
    commands.reply(only(batch).id(), lamps.get(8).id(), CommandStatus.ACKNOWLEDGED, null);
    commands.reply(only(batch).id(), lamps.get(6).id(), CommandStatus.REJECTED, "busy");
    await().until(() -> statusOf(batch) == CommandStatus.REJECTED);
  }

  @Test
  void aGroupCommandKeepsAtMostTheInFlightBoundWaitingForAnswers() throws Exception {
    int bound = FeatureTestKit.COMMANDS_IN_FLIGHT;
    CommandBatch batch = set(lamps, 30, Duration.ofMinutes(5));
    await().until(() -> link.sent.size() == bound);

    // The dispatcher now waits for a slot: one answer frees exactly one.
    OutgoingCommand first = link.sent.get(0);
    commands.reply(first.id(), first.device().id(), CommandStatus.ACKNOWLEDGED, null);
    await().until(() -> link.sent.size() == bound + 1);
    assertThat(link.sent).hasSize(bound + 1);

    // Answer everything as it goes out: the whole group ends, none left open.
    for (int answered = 1; answered < FLEET; answered++) {
      int index = answered;
      await().until(() -> link.sent.size() > index);
      OutgoingCommand c = link.sent.get(index);
      commands.reply(c.id(), c.device().id(), CommandStatus.ACKNOWLEDGED, null);
    }
    await()
        .until(
            () ->
                commands
                        .store()
                        .batch(batch.batchId())
                        .orElseThrow()
                        .counts()
                        .getOrDefault(CommandStatus.ACKNOWLEDGED, 0)
                    == FLEET);
    assertThat(commands.store().batch(batch.batchId()).orElseThrow().open()).isZero();
  }

  @Test
  void aNodeThatStartsAgainEndsWhatTheLastRunLeftOpen(Database db) throws Exception {
    CommandBatch batch = set(List.of(lamps.get(10)), 60, Duration.ofMinutes(10));
    await().until(() -> statusOf(batch) == CommandStatus.SENT);

    Device lamp = lamps.get(10);
    try (CommandService next =
        new CommandService(db, new AuditLog(db), LiveChannel.NONE, clock, 8)) {
      next.start();
      Command c = only(batch);
      assertThat(c.status()).isEqualTo(CommandStatus.TIMED_OUT);
      assertThat(c.detail()).contains("restarted");

      // The new run knows the lamp missed its desired state: heard, it gets it again.
      assertThat(next.twins().status(lamp.id())).contains(CommandStatus.TIMED_OUT);
      ScriptedDownlink nextLink =
          new ScriptedDownlink(next, ScriptedDownlink.Behaviour.ACKNOWLEDGE);
      next.addDownlink(nextLink);
      next.twins().heard(List.of(reading(lamp, "dim", 0)), kit.devices());
      await().until(() -> nextLink.sentTo(lamp.id()).size() == 1);
      assertThat(nextLink.sentTo(lamp.id()).get(0).params().getInteger("dim")).isEqualTo(60);
    }
  }

  @Test
  void aDeviceThatMissedItsDesiredStateGetsItAgainWhenHeardFrom() throws Exception {
    Device lamp = lamps.get(12);
    CommandBatch batch = set(List.of(lamp), 70, Duration.ofSeconds(30));
    await().until(() -> statusOf(batch) == CommandStatus.SENT);
    clock.advance(Duration.ofSeconds(31));
    await().until(() -> statusOf(batch) == CommandStatus.TIMED_OUT);
    await()
        .until(() -> commands.twins().status(lamp.id()).orElseThrow() == CommandStatus.TIMED_OUT);

    // It comes back on line, still dark from before: its reading reaches the twins.
    link.behave(lamp.id(), ScriptedDownlink.Behaviour.ACKNOWLEDGE);
    commands.twins().heard(List.of(reading(lamp, "dim", 0)), kit.devices());

    await().until(() -> link.sentTo(lamp.id()).size() == 2);
    OutgoingCommand again = link.sentTo(lamp.id()).get(1);
    assertThat(again.params()).isEqualTo(new JsonObject().put("state", 1).put("dim", 70));
    await()
        .until(
            () -> commands.twins().status(lamp.id()).orElseThrow() == CommandStatus.ACKNOWLEDGED);
    Command resent = commands.store().find(again.id()).orElseThrow();
    assertThat(resent.origin()).isEqualTo(CommandOrigin.TWIN);
    assertThat(resent.requestedBy()).isEqualTo("system:twin");
    assertThat(commands.twins().get(lamp.id()).orElseThrow().setBy()).isEqualTo("hoa.operator");

    // Acknowledged and reporting what was asked: heard again, it is left alone.
    commands.twins().heard(List.of(reading(lamp, "dim", 70)), kit.devices());
    Device other = lamps.get(14);
    link.behave(other.id(), ScriptedDownlink.Behaviour.ACKNOWLEDGE);
    CommandBatch marker = set(List.of(other), 10, Duration.ofSeconds(30));
    await().until(() -> statusOf(marker) == CommandStatus.ACKNOWLEDGED);
    assertThat(link.sentTo(lamp.id())).hasSize(2);
  }

  @Test
  void aDeviceThatKeepsNotAnsweringIsResentLessAndLessOften() throws Exception {
    Device lamp = lamps.get(16);
    Device marker = lamps.get(18);
    CommandBatch first = set(List.of(lamp), 70, Duration.ofSeconds(30));
    CommandBatch toMarker = set(List.of(marker), 70, Duration.ofSeconds(30));
    await()
        .until(
            () ->
                statusOf(first) == CommandStatus.SENT && statusOf(toMarker) == CommandStatus.SENT);
    clock.advance(Duration.ofSeconds(31));
    await()
        .until(() -> commands.twins().status(lamp.id()).orElseThrow() == CommandStatus.TIMED_OUT);
    await()
        .until(() -> commands.twins().status(marker.id()).orElseThrow() == CommandStatus.TIMED_OUT);

    // Heard: re-sent; it stays silent and that command times out too.
    commands.twins().heard(List.of(reading(lamp, "dim", 0)), kit.devices());
    await().until(() -> link.sentTo(lamp.id()).size() == 2);
    clock.advance(Duration.ofSeconds(61));
    await()
        .until(() -> commands.twins().status(lamp.id()).orElseThrow() == CommandStatus.TIMED_OUT);

    // One minute after the re-send the gap has doubled to two: nothing goes out. The marker lamp,
    // heard after it on the same reconciling thread, gets its own re-send: that proves the lamp's
    // reading was judged and left alone.
    commands.twins().heard(List.of(reading(lamp, "dim", 0)), kit.devices());
    commands.twins().heard(List.of(reading(marker, "dim", 0)), kit.devices());
    await().until(() -> link.sentTo(marker.id()).size() == 2);
    assertThat(link.sentTo(lamp.id())).hasSize(2);

    // Two minutes after it: re-sent again.
    clock.advance(Duration.ofSeconds(60));
    commands.twins().heard(List.of(reading(lamp, "dim", 0)), kit.devices());
    await().until(() -> link.sentTo(lamp.id()).size() == 3);
  }

  @Test
  void theApiShowsCommandsAndTwinsOnlyWithinTheCallersZones() throws Exception {
    Device mine = lamps.get(20); // in WARD
    Device theirs = lamps.get(21); // in OTHER_WARD
    link.behave(mine.id(), ScriptedDownlink.Behaviour.ACKNOWLEDGE);
    link.behave(theirs.id(), ScriptedDownlink.Behaviour.ACKNOWLEDGE);
    CommandBatch a = set(List.of(mine), 80, Duration.ofSeconds(30));
    CommandBatch b = set(List.of(theirs), 80, Duration.ofSeconds(30));
    await().until(() -> statusOf(a) == CommandStatus.ACKNOWLEDGED);
    await().until(() -> statusOf(b) == CommandStatus.ACKNOWLEDGED);
    kit.latest().apply(reading(mine, "dim", 80));
    kit.latest().apply(reading(mine, "state", 0));

    String commune = kit.token("cs-commune", Role.COMMUNE_OPERATOR, List.of(WARD));
    HttpResponse<String> twin = kit.get("/api/v1/devices/" + mine.id() + "/twin", commune);
    assertThat(twin.statusCode()).as(twin.body()).isEqualTo(200);
    JsonObject t = new JsonObject(twin.body());
    assertThat(t.getJsonObject("desired").getDouble("dim")).isEqualTo(80.0);
    assertThat(t.getJsonObject("reported").getJsonObject("dim").getDouble("value")).isEqualTo(80.0);
    assertThat(t.getJsonArray("differs").getList()).containsExactly("state");
    assertThat(t.getJsonObject("command").getString("status")).isEqualTo("acknowledged");

    assertThat(kit.get("/api/v1/devices/" + theirs.id() + "/twin", commune).statusCode())
        .isEqualTo(404);
    assertThat(kit.get("/api/v1/commands/" + only(b).id(), commune).statusCode()).isEqualTo(404);
    assertThat(kit.get("/api/v1/command-batches/" + b.batchId(), commune).statusCode())
        .isEqualTo(404);
    HttpResponse<String> own = kit.get("/api/v1/commands/" + only(a).id(), commune);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(own.body()).getString("status")).isEqualTo("acknowledged");

    HttpResponse<String> list = kit.get("/api/v1/commands?limit=1000", commune);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(list.body()).getJsonArray("items").stream())
        .map(o -> ((JsonObject) o).getString("zoneId"))
        .isNotEmpty()
        .containsOnly(WARD);

    String city = kit.token("cs-city", Role.CITY_OPERATOR, List.of());
    HttpResponse<String> batch = kit.get("/api/v1/command-batches/" + b.batchId(), city);
    assertThat(new JsonObject(batch.body()).getJsonObject("byStatus").getInteger("acknowledged"))
        .isEqualTo(1);
    assertThat(kit.get("/api/v1/commands?status=nonsense", city).statusCode()).isEqualTo(400);
    assertThat(kit.get("/api/v1/commands", null).statusCode()).isEqualTo(401);
  }

  private Reading reading(Device d, String metric, double value) {
    return new Reading(d.id(), metric, clock.instant(), value, Quality.GOOD, "mqtt");
  }
}
