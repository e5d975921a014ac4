package vn.cantho.ioc.deploy;

import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.Secrets;
import vn.cantho.ioc.core.auth.User;
import vn.cantho.ioc.core.auth.UserStore;

/**
 * {@code ioc user add NAME --role ROLE [--zones Z1,Z2] | passwd NAME | list}. A new password is
 * generated and printed once; it is stored only as an Argon2id hash. Every change is audited.
 */
final class UserCommand {
  private static final String USAGE =
      "usage: user add NAME --role ROLE [--zones ZONE,...] | user passwd NAME | user delete NAME"
          + " | user list";

  private UserCommand() {}

  static void run(List<String> args) throws Exception {
    System.out.print(execute(args));
  }

  /** Runs the command and returns what it prints. */
  static String execute(List<String> args) throws Exception {
    Options o = Options.parse(args, Set.of(), Set.of("role", "zones", "data", "db-url", "db-user"));
    List<String> words = o.positional();
    String verb = words.isEmpty() ? "" : words.get(0);
    String actor = "cli:" + System.getProperty("user.name");
    return switch (verb) {
      case "add" -> {
        String name = argument(words);
        Role role = Role.fromCode(o.get("role", null, ""));
        String zonesOption = o.get("zones", null, "");
        List<String> zones = zonesOption.isEmpty() ? List.of() : List.of(zonesOption.split(","));
        char[] password = Secrets.newPassword();
        yield CommandDatabase.use(
            o,
            db -> {
              User user = new UserStore(db, new PasswordHasher()).add(name, role, zones, password);
              new AuditLog(db).record(actor, "user.add", name, null);
              return "user "
                  + user.username()
                  + " "
                  + role.code()
                  + " password: "
                  + new String(password)
                  + "\n";
            });
      }
      case "passwd" -> {
        String name = argument(words);
        char[] password = Secrets.newPassword();
        yield CommandDatabase.use(
            o,
            db -> {
              if (!new UserStore(db, new PasswordHasher()).setPassword(name, password)) {
                throw new IllegalArgumentException("no such user: " + name);
              }
              new AuditLog(db).record(actor, "user.passwd", name, null);
              return "user " + name + " password: " + new String(password) + "\n";
            });
      }
      case "delete" -> {
        String name = argument(words);
        yield CommandDatabase.use(
            o,
            db -> {
              if (!new UserStore(db, new PasswordHasher()).delete(name)) {
                throw new IllegalArgumentException("no such user: " + name);
              }
              new AuditLog(db).record(actor, "user.delete", name, null);
              return "user " + name + " deleted\n";
            });
      }
      case "list" ->
          CommandDatabase.use(
              o,
              db -> {
                StringJoiner out = new StringJoiner("\n", "", "\n");
                for (User u : new UserStore(db, new PasswordHasher()).list()) {
                  out.add(
                      u.username()
                          + "\t"
                          + u.role().code()
                          + "\t"
                          + String.join(",", u.zones())
                          + (u.disabled() ? "\tdisabled" : ""));
                }
                return out.toString();
              });
      default -> throw new IllegalArgumentException(USAGE);
    };
  }

  private static String argument(List<String> words) {
    if (words.size() != 2) {
      throw new IllegalArgumentException(USAGE);
    }
    return words.get(1);
  }
}
