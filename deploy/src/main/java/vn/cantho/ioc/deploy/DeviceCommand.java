package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.device.RegistryFileReader;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.core.store.DeviceStore;
import vn.cantho.ioc.core.zone.ZoneLayers;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * {@code ioc device register FILE [--rotate]}: registers the devices of a registry file and issues
 * a credential to each that has none (to all with {@code --rotate}), printing {@code id,password}
 * lines once, for flashing into the devices. {@code ioc device scraper NAME} issues (or rotates)
 * the credential Prometheus scrapes {@code /metrics} with. Only SHA-256 digests are stored; every
 * issue is audited.
 */
final class DeviceCommand {
  private static final String USAGE =
      "usage: device register FILE [--rotate] | device scraper NAME";

  private DeviceCommand() {}

  static void run(List<String> args) throws Exception {
    System.out.print(execute(args));
  }

  /** Runs the command and returns what it prints. */
  static String execute(List<String> args) throws Exception {
    Options o = Options.parse(args, Set.of("rotate"), Set.of("data", "db-url", "db-user"));
    List<String> words = o.positional();
    if (words.size() == 2 && words.get(0).equals("scraper")) {
      return scraper(o, words.get(1));
    }
    if (words.size() != 2 || !words.get(0).equals("register")) {
      throw new IllegalArgumentException(USAGE);
    }
    Path file = Path.of(words.get(1));
    boolean rotate = o.flag("rotate");
    String actor = "cli:" + System.getProperty("user.name");
    return CommandDatabase.use(
        o,
        db -> {
          ZoneIndex zones = new ZoneIndex(new ZoneLayers(db).current().zones());
          // The domains of the features this build brings, as the server would serve them.
          Set<Domain> served =
              new FeatureHost(FeatureHost.installed()).catalog(MetricCatalog.defaults()).domains();
          List<Device> devices = new RegistryFileReader(zones, served).read(file);
          new DeviceStore(db).upsert(devices);
          DeviceCredentials credentials = new DeviceCredentials(db);
          AuditLog audit = new AuditLog(db);
          StringJoiner out = new StringJoiner("\n", "", "\n");
          out.add("# " + devices.size() + " devices registered from " + file);
          for (Device d : devices) {
            if (rotate || credentials.grant(d.id()).isEmpty()) {
              out.add(d.id() + "," + credentials.issueForDevice(d.id()));
              audit.record(actor, "credential.issue", "device:" + d.id(), null);
            }
          }
          return out.toString();
        });
  }

  /** A scraper credential: {@code name,secret} once, for Prometheus' {@code basic_auth}. */
  private static String scraper(Options o, String name) throws Exception {
    String actor = "cli:" + System.getProperty("user.name");
    return CommandDatabase.use(
        o,
        db -> {
          String secret =
              new DeviceCredentials(db)
                  .issue(name, vn.cantho.ioc.core.auth.DeviceGrant.Kind.SCRAPER, List.of(), false);
          new AuditLog(db).record(actor, "credential.issue", "scraper:" + name, null);
          return name + "," + secret + "\n";
        });
  }
}
