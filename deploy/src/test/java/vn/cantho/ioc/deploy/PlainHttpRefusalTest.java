package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.api.TlsConfig;

class PlainHttpRefusalTest {
  @Test
  void plainHttpIsServedOnLoopbackOnlyUnlessAllowed() {
    assertThatThrownBy(() -> ServerCommand.refusePlainHttpBeyondLoopback(on("::", null), false))
        .hasMessageContaining("refusing plain HTTP on ::");
    assertThatThrownBy(
            () ->
                ServerCommand.refusePlainHttpBeyondLoopback(on("127.0.0.1,10.0.0.5", null), false))
        .hasMessageContaining("10.0.0.5");
    assertThatCode(
            () -> ServerCommand.refusePlainHttpBeyondLoopback(on("127.0.0.1,::1", null), false))
        .doesNotThrowAnyException();
    assertThatCode(() -> ServerCommand.refusePlainHttpBeyondLoopback(on("::", null), true))
        .doesNotThrowAnyException();
    TlsConfig tls = new TlsConfig(Path.of("server.p12"), "x");
    assertThatCode(() -> ServerCommand.refusePlainHttpBeyondLoopback(on("::", tls), false))
        .doesNotThrowAnyException();
  }

  private static ServerSettings on(String hosts, TlsConfig tls) {
    return new ServerSettings(
        null,
        "tcp://broker:1883",
        null,
        null,
        hosts,
        8443,
        null,
        null,
        Path.of("pki"),
        "n1",
        null,
        new ServerSecurity(null, tls, java.util.List.of(), null, null),
        vn.cantho.ioc.core.notify.NotificationSettings.none(),
        false);
  }
}
