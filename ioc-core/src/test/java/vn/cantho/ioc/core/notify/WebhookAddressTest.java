package vn.cantho.ioc.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhook URLs that name a non-public address literal are refused before any connection. The
 * sender's client goes through a dead proxy on loopback, so even a URL the filter let through would
 * never leave this machine: it would come back as a retry instead of a rejection.
 */
class WebhookAddressTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "100.64.0.1", // carrier-grade NAT
        "100.127.255.254",
        "0.0.0.0",
        "0.1.2.3", // "this network"
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254", // cloud metadata
        "127.0.0.1",
        "224.0.0.1", // multicast
        "255.255.255.255",
        "[64:ff9b::a00:1]", // NAT64 of 10.0.0.1
        "[64:ff9b::7f00:1]", // NAT64 of 127.0.0.1
        "[64:ff9b::a9fe:a9fe]", // NAT64 of 169.254.169.254
        "[::10.0.0.1]", // IPv4-compatible
        "[::127.0.0.1]",
        "[::ffff:10.0.0.1]", // IPv4-mapped
        "[::ffff:100.64.0.1]",
        "[2002:a00:1::1]", // 6to4 of 10.0.0.1
        "[::1]",
        "[::]",
        "[fc00::1]",
        "[fd12:3456::1]",
        "[fe80::1]",
        "[ff02::1]"
      })
  void aWebhookToANonPublicAddressIsRefused(String host) throws Exception {
    Delivery delivery = sender().send(hookTo("https://" + host + "/hook"));
    assertThat(delivery.outcome()).as(delivery.detail()).isEqualTo(Delivery.Outcome.REJECTED);
    assertThat(delivery.detail()).contains("private network");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "100.63.255.255",
        "100.128.0.1",
        "2001:4860:4860::8888",
        "64:ff9b::808:808", // NAT64 of a public address
        "::ffff:8.8.8.8"
      })
  void publicAddressesPass(String literal) throws Exception {
    assertThat(PrivateAddresses.isPrivate(InetAddress.getByName(literal))).isFalse();
  }

  @Test
  void anIpv4MappedAddressKeptAsIpv6IsJudgedByItsIpv4Address() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
    assertThat(PrivateAddresses.isPrivate(java.net.Inet6Address.getByAddress(null, mapped, -1)))
        .isTrue();
  }

  private static WebhookSender sender() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    HttpClient viaDeadProxy =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", dead)))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new WebhookSender(null, false, viaDeadProxy);
  }

  private static Outgoing hookTo(String url) {
    return new Outgoing(
        1, 1, Channel.WEBHOOK, url, Language.VI, "critical", "do", "t", "b", 1, "k");
  }
}
