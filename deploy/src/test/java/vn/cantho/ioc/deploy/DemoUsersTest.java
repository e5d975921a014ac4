package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.store.Database;

class DemoUsersTest {
  @Test
  void oneUserPerRoleWhosePrintedPasswordWorksUntilTheNextStart() throws Exception {
    Path data = TestDirs.create("ioc-demo-users");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"));
        Database database = Database.open(db.config(2))) {
      List<String> first = DemoUsers.issue(database);
      assertThat(first).hasSize(Role.values().length);
      assertThat(first)
          .allMatch(line -> line.matches("demo user: [a-z.]+ \\S{20} [a-z_]+"))
          .extracting(line -> line.substring(line.lastIndexOf(' ') + 1))
          .containsExactlyInAnyOrder(
              Arrays.stream(Role.values()).map(Role::code).toArray(String[]::new));
      List<String> second = DemoUsers.issue(database);
      UserStore users = new UserStore(database, new PasswordHasher());
      String[] before = first.get(2).split(" ");
      String[] after = second.get(2).split(" ");
      assertThat(after[2]).isEqualTo("ninhkieu.operator");
      assertThat(users.authenticate(after[2], before[3].toCharArray())).isEmpty();
      assertThat(users.authenticate(after[2], after[3].toCharArray()))
          .hasValueSatisfying(u -> assertThat(u.zones()).containsExactly(DemoUsers.NINH_KIEU_WARD));
    }
  }
}
