package vn.cantho.ioc.water.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Delivery;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.NotificationDispatcher;
import vn.cantho.ioc.core.notify.Outbox;
import vn.cantho.ioc.core.notify.Outgoing;
import vn.cantho.ioc.core.notify.RetryPolicy;
import vn.cantho.ioc.core.notify.Sender;
import vn.cantho.ioc.core.notify.SmsGatewaySender;
import vn.cantho.ioc.core.notify.SmsText;
import vn.cantho.ioc.core.notify.SmtpSender;
import vn.cantho.ioc.core.notify.StubProvider;
import vn.cantho.ioc.core.notify.WebhookSender;
import vn.cantho.ioc.core.notify.ZaloSender;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DatabaseConfig;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * The outbox and its four channels, each through its real client against a local stand-in: HTTP
 * servers for the SMS gateway, Zalo and a webhook, GreenMail for SMTP.
 */
@ExtendWith(PostgresExtension.class)
class NotificationDeliveryTest {
  /** 04:10 in Can Tho: the hour pangasius ponds lose their oxygen. */
  private static final Instant AT = Instant.parse("2026-11-22T21:10:00Z");

  private static final RetryPolicy FAST =
      new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(200));
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private final Clock clock = Clock.systemUTC();
  private StubProvider stub;
  private NotificationDispatcher dispatcher;

  @BeforeEach
  void startStub() throws Exception {
    stub = new StubProvider();
  }

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.close();
    }
    stub.close();
  }

  private Map<Channel, Sender> senders() throws Exception {
    Map<Channel, Sender> senders = new EnumMap<>(Channel.class);
    senders.put(Channel.SMS, new SmsGatewaySender(stub.uri("/sms"), "sms-key"));
    senders.put(Channel.ZALO, new ZaloSender(stub.uri("/zalo"), "zalo-token"));
    senders.put(Channel.WEBHOOK, new WebhookSender("hook-secret", true));
    senders.put(
        Channel.EMAIL,
        new SmtpSender(
            new SmtpSender.Config(
                "127.0.0.1",
                mail.getSmtp().getPort(),
                "canhbao@ioc.cantho.example",
                null,
                null,
                false)));
    return senders;
  }

  private NotificationDispatcher start(Database db) throws Exception {
    NotificationDispatcher d =
        new NotificationDispatcher(new Outbox(db), senders(), FAST, clock, 2);
    d.start();
    return d;
  }

  private static List<Outbox.Status> settled(Database db, long alertId, int expected) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> new Outbox(db).forAlert(alertId),
            list ->
                list.size() == expected
                    && list.stream()
                        .allMatch(
                            s -> s.state().equals("delivered") || s.state().equals("failed")));
  }

  @Test
  void everyChannelDeliversTheVietnameseAlertThroughItsRealClient(Database db) throws Exception {
    PondFixture pond = new PondFixture(db, "deliver", clock);
    pond.subscribe(Channel.SMS, "0912000001", Language.VI);
    pond.subscribe(Channel.ZALO, "4455667788", Language.VI);
    pond.subscribe(Channel.EMAIL, "nong.dan@example.vn", Language.VI);
    pond.subscribe(Channel.WEBHOOK, stub.uri("/hook").toString(), Language.EN);
    stub.answer(
        r ->
            new StubProvider.Answer(
                200,
                r.path().equals("/zalo")
                    ? "{\"error\":0,\"data\":{\"message_id\":\"m1\"}}"
                    : "{}"));

    Alert alert =
        pond.alerts.raise(pond.doRule, pond.device, "31135", "do", Severity.CRITICAL, 0.8, AT);
    dispatcher = start(db);

    assertThat(settled(db, alert.id(), 4))
        .extracting(Outbox.Status::state)
        .containsOnly("delivered");

    StubProvider.Request sms = only(stub, "/sms", "0912000001");
    JsonNode smsBody = JSON.readTree(sms.body());
    String text = smsBody.get("text").asText();
    assertThat(sms.header("Authorization")).isEqualTo("Bearer sms-key");
    assertThat(sms.header("Idempotency-Key")).startsWith("ioc-a" + alert.id());
    assertThat(smsBody.get("to").asText()).isEqualTo("0912000001");
    assertThat(smsBody.get("encoding").asText()).isEqualTo("UCS2");
    assertThat(text)
        .contains(
            "Cấp 3", "Ao cá tra số 3", "Oxy 0,8mg/L<1", "04:10", "Bật quạt nước, ngừng cho ăn");
    assertThat(SmsText.length(text)).isLessThanOrEqualTo(SmsText.UCS2_SEGMENT);

    StubProvider.Request zalo = only(stub, "/zalo", "4455667788");
    JsonNode zaloBody = JSON.readTree(zalo.body());
    assertThat(zalo.header("access_token")).isEqualTo("zalo-token");
    assertThat(zaloBody.at("/recipient/user_id").asText()).isEqualTo("4455667788");
    assertThat(zaloBody.at("/message/text").asText())
        .contains("Cấp 3 – nguy hiểm", "Oxy hòa tan 0,8 mg/L, dưới ngưỡng 1 mg/L")
        .contains("lúc 04:10 ngày 23/11/2026", "https://ioc.cantho.example/ack/");

    StubProvider.Request hook = only(stub, "/hook", "");
    assertThat(hook.header("X-IOC-Signature"))
        .isEqualTo(
            WebhookSender.signature("hook-secret".getBytes(StandardCharsets.UTF_8), hook.body()));
    JsonNode hookBody = JSON.readTree(hook.body());
    assertThat(hookBody.get("alert_id").asLong()).isEqualTo(alert.id());
    assertThat(hookBody.get("severity").asText()).isEqualTo("critical");
    assertThat(hookBody.get("text").asText())
        .contains(
            "dissolved oxygen 0.8 mg/L, below the 1 mg/L threshold",
            "Run the aerators".toLowerCase(java.util.Locale.ROOT));

    MimeMessage[] received = mail.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).contains("Cấp 3 – nguy hiểm", "Ao cá tra số 3");
    assertThat(GreenMailUtil.getBody(received[0])).isNotBlank();
    assertThat(received[0].getContent().toString()).contains("Việc cần làm: bật quạt nước");
    assertThat(received[0].getMessageID()).contains("ioc-a" + alert.id());
  }

  @Test
  void serverErrorsAreRetriedWithBackOffUntilTheGatewayTakesTheMessage(Database db)
      throws Exception {
    PondFixture pond = new PondFixture(db, "retry", clock);
    pond.subscribe(Channel.SMS, "0912000002", Language.VI);
    AtomicInteger calls = new AtomicInteger();
    stub.answer(
        r ->
            !r.body().contains("0912000002") || calls.incrementAndGet() > 2
                ? new StubProvider.Answer(200, "{\"id\":\"sms-1\"}")
                : new StubProvider.Answer(503, "{\"error\":\"busy\"}"));

    Alert alert =
        pond.alerts.raise(pond.doRule, pond.device, "31135", "do", Severity.WARNING, 1.6, AT);
    dispatcher = start(db);

    Outbox.Status status = settled(db, alert.id(), 1).get(0);
    assertThat(status.state()).isEqualTo("delivered");
    assertThat(status.attempts()).isEqualTo(3);
    assertThat(new Outbox(db).attempts(status.id()))
        .extracting(Outbox.Attempt::outcome)
        .containsExactly("retry", "retry", "delivered");
    assertThat(new Outbox(db).attempts(status.id()).get(0).detail()).contains("HTTP 503", "busy");
    List<StubProvider.Request> sent = to(stub, "0912000002");
    assertThat(sent)
        .extracting(r -> r.header("Idempotency-Key"))
        .as("every attempt carries the same key")
        .hasSize(3)
        .containsOnly(sent.get(0).header("Idempotency-Key"));
  }

  @Test
  void aClientErrorIsGivenUpAtOnceWithTheProvidersReason(Database db) throws Exception {
    PondFixture pond = new PondFixture(db, "reject", clock);
    pond.subscribe(Channel.SMS, "0912000003", Language.VI);
    pond.subscribe(Channel.ZALO, "1122334455", Language.VI);
    stub.answer(
        r ->
            r.body().contains("0912000003")
                ? new StubProvider.Answer(400, "{\"error\":\"số thuê bao không tồn tại\"}")
                // Zalo refuses with HTTP 200 and a negative error code in the body.
                : new StubProvider.Answer(
                    200, "{\"error\":-213,\"message\":\"User has not followed OA\"}"));

    Alert alert =
        pond.alerts.raise(pond.doRule, pond.device, "31135", "do", Severity.CRITICAL, 0.7, AT);
    dispatcher = start(db);

    Map<String, Outbox.Status> byChannel =
        settled(db, alert.id(), 2).stream()
            .collect(Collectors.toMap(Outbox.Status::channel, s -> s));
    assertThat(byChannel.get("sms").state()).isEqualTo("failed");
    assertThat(byChannel.get("sms").reason())
        .startsWith("rejected: HTTP 400")
        .contains("số thuê bao không tồn tại");
    assertThat(byChannel.get("zalo").state()).isEqualTo("failed");
    assertThat(byChannel.get("zalo").reason()).contains("zalo error -213", "not followed");
    assertThat(to(stub, "0912000003")).as("a 4xx is never retried").hasSize(1);
    assertThat(to(stub, "1122334455")).hasSize(1);
  }

  @Test
  void retriesStopAtTheLimitAndTheLastErrorIsTheReason(Database db) throws Exception {
    PondFixture pond = new PondFixture(db, "giveup", clock);
    pond.subscribe(Channel.SMS, "0912000004", Language.VI);
    stub.answer(
        r ->
            r.body().contains("0912000004")
                ? new StubProvider.Answer(502, "bad gateway")
                : new StubProvider.Answer(200, "{}"));

    Alert alert =
        pond.alerts.raise(pond.doRule, pond.device, "31135", "do", Severity.CRITICAL, 0.7, AT);
    dispatcher = start(db);

    Outbox.Status status = settled(db, alert.id(), 1).get(0);
    assertThat(status.state()).isEqualTo("failed");
    assertThat(status.reason()).isEqualTo("gave up after 4 attempts: HTTP 502: bad gateway");
    assertThat(to(stub, "0912000004")).hasSize(FAST.maxAttempts());
  }

  @Test
  void aRestartInTheMiddleOfSendingNeverResendsWhatWasHandedOver(Database db, DatabaseConfig config)
      throws Exception {
    PondFixture pond = new PondFixture(db, "restart", clock);
    for (int i = 1; i <= 4; i++) {
      pond.subscribe(Channel.SMS, "091200010" + i, Language.VI);
    }
    // The third message hangs at the gateway; the process "crashes" while it waits.
    stub.holdIf(r -> r.body().contains("0912000103"));
    Alert alert =
        pond.alerts.raise(pond.doRule, pond.device, "31135", "do", Severity.CRITICAL, 0.6, AT);

    Database crashing = Database.open(config);
    NotificationDispatcher first =
        new NotificationDispatcher(new Outbox(crashing), senders(), FAST, clock, 1);
    first.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> stub.requests().stream().anyMatch(r -> r.body().contains("0912000103")));
    crashing.close(); // the process dies: nothing it does from here on is recorded
    stub.release(); // ...although the gateway did take the third message
    first.close();

    Map<String, String> before =
        new Outbox(db)
            .forAlert(alert.id()).stream()
                .collect(Collectors.toMap(s -> s.title() + s.id(), Outbox.Status::state));
    assertThat(before.values())
        .containsExactlyInAnyOrder("delivered", "delivered", "sending", "pending");

    dispatcher = start(db);
    List<Outbox.Status> after = settled(db, alert.id(), 4);
    assertThat(after).extracting(Outbox.Status::state).containsOnly("delivered");

    Map<String, Long> requestsPerNumber =
        stub.requests().stream()
            .filter(r -> r.body().contains("09120001"))
            .collect(
                Collectors.groupingBy(
                    r -> {
                      try {
                        return JSON.readTree(r.body()).get("to").asText();
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    },
                    Collectors.counting()));
    assertThat(requestsPerNumber)
        .as("handed-over messages are not sent again; the one in flight is, with its key")
        .containsEntry("0912000101", 1L)
        .containsEntry("0912000102", 1L)
        .containsEntry("0912000103", 2L)
        .containsEntry("0912000104", 1L);
    List<String> keysOfThird =
        stub.requests().stream()
            .filter(r -> r.body().contains("0912000103"))
            .map(r -> r.header("Idempotency-Key"))
            .distinct()
            .toList();
    assertThat(keysOfThird).hasSize(1);
  }

  /**
   * The one request to a provider for this test's address. Other tests' messages may share the
   * database (and so the outbox), hence the address filter.
   */
  @Test
  void aWebhookIntoAPrivateNetworkIsRefusedUnlessAllowed() throws Exception {
    Outgoing hook =
        new Outgoing(
            1,
            1,
            Channel.WEBHOOK,
            stub.uri("/hook").toString(),
            Language.VI,
            "critical",
            "do",
            "t",
            "b",
            1,
            "k");
    Delivery refused = new WebhookSender(null, false).send(hook);
    assertThat(refused.outcome()).isEqualTo(Delivery.Outcome.REJECTED);
    assertThat(refused.detail()).contains("private network");
    assertThat(stub.requests()).as("nothing was sent").isEmpty();
    assertThat(new WebhookSender(null, true).send(hook).outcome())
        .isEqualTo(Delivery.Outcome.DELIVERED);
  }

  private static StubProvider.Request only(StubProvider stub, String path, String address) {
    List<StubProvider.Request> matching =
        to(stub, address).stream().filter(r -> r.path().equals(path)).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  private static List<StubProvider.Request> to(StubProvider stub, String address) {
    return stub.requests().stream().filter(r -> r.body().contains(address)).toList();
  }
}
