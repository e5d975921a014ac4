package vn.cantho.ioc.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

@ExtendWith(PostgresExtension.class)
class UserStoreTest {
  private static Database database;
  private static UserStore users;

  @BeforeAll
  static void setUp(Database db) {
    database = db;
    users = new UserStore(db, new PasswordHasher());
  }

  @Test
  void aUserSignsInWithHisPasswordOnly() throws Exception {
    users.add("lan.nk", Role.COMMUNE_OPERATOR, List.of("31135"), "đúng-mật-khẩu".toCharArray());
    assertThat(users.authenticate("lan.nk", "đúng-mật-khẩu".toCharArray()))
        .hasValueSatisfying(
            u -> {
              assertThat(u.role()).isEqualTo(Role.COMMUNE_OPERATOR);
              assertThat(u.zones()).containsExactly("31135");
            });
    assertThat(users.authenticate("lan.nk", "sai".toCharArray())).isEmpty();
    assertThat(users.authenticate("nobody", "đúng-mật-khẩu".toCharArray())).isEmpty();
  }

  @Test
  void aNewPasswordReplacesTheOld() throws Exception {
    users.add("minh.viewer", Role.VIEWER, List.of(), "old-password".toCharArray());
    assertThat(users.setPassword("minh.viewer", "new-password".toCharArray())).isTrue();
    assertThat(users.authenticate("minh.viewer", "old-password".toCharArray())).isEmpty();
    assertThat(users.authenticate("minh.viewer", "new-password".toCharArray())).isPresent();
    assertThat(users.setPassword("nobody", "x".toCharArray())).isFalse();
  }

  @Test
  void namesAreUniqueAndACommuneOperatorNeedsAZone() throws Exception {
    users.add("hoa.admin", Role.ADMIN, List.of(), "pw-123456".toCharArray());
    assertThatThrownBy(() -> users.add("hoa.admin", Role.VIEWER, List.of(), "x".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(
            () -> users.add("no.zone", Role.COMMUNE_OPERATOR, List.of(), "x".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                users.add(
                    "Robert'); DROP TABLE users;--", Role.VIEWER, List.of(), "x".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(users.list()).extracting(User::username).contains("hoa.admin");
    assertThat(users.find("hoa.admin")).isPresent();
  }

  @Test
  void theAuditLogOnlyGrows() throws Exception {
    new AuditLog(database).record("cli:root", "user.add", "hoa.admin", null);
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor = 'someone else'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_log"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }
  }
}
