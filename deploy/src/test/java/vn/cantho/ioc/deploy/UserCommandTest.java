package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.UserStore;

/** {@code ioc user ...} against the demo's embedded database under {@code --data}. */
class UserCommandTest {
  private static final Pattern PASSWORD = Pattern.compile("password: (\\S{20})\\n");

  @Test
  void addedUsersSignInWithThePrintedPasswordUntilItIsChanged() throws Exception {
    Path data = TestDirs.create("ioc-users");
    String dataArg = data.toString();
    String added =
        UserCommand.execute(
            List.of(
                "add",
                "lan.nk",
                "--role",
                "commune_operator",
                "--zones",
                "31135",
                "--data",
                dataArg));
    String first = password(added);
    assertThat(added).startsWith("user lan.nk commune_operator password: ");

    String changed = UserCommand.execute(List.of("passwd", "lan.nk", "--data", dataArg));
    String second = password(changed);
    assertThat(second).isNotEqualTo(first);

    assertThat(UserCommand.execute(List.of("list", "--data", dataArg)))
        .isEqualTo("lan.nk\tcommune_operator\t31135\n");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"));
        var database = vn.cantho.ioc.core.store.Database.open(db.config(2))) {
      UserStore users = new UserStore(database, new PasswordHasher());
      assertThat(users.authenticate("lan.nk", first.toCharArray())).isEmpty();
      assertThat(users.authenticate("lan.nk", second.toCharArray())).isPresent();
    }
    assertThatThrownBy(
            () ->
                UserCommand.execute(List.of("add", "x.y", "--role", "emperor", "--data", dataArg)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown role");

    assertThat(UserCommand.execute(List.of("delete", "lan.nk", "--data", dataArg)))
        .isEqualTo("user lan.nk deleted\n");
    assertThat(UserCommand.execute(List.of("list", "--data", dataArg))).isEqualTo("\n");
    assertThatThrownBy(() -> UserCommand.execute(List.of("delete", "lan.nk", "--data", dataArg)))
        .hasMessageContaining("no such user");
  }

  private static String password(String output) {
    Matcher m = PASSWORD.matcher(output);
    assertThat(m.find()).as("a generated password in: %s", output).isTrue();
    return m.group(1);
  }
}
