package vn.cantho.ioc.deploy;

import java.util.Arrays;
import java.util.List;

/** The {@code ioc} launcher: one jar, one command per way of running the system. */
public final class Main {
  private static final String USAGE =
      """
      Can Tho IOC

      Usage: deploy/ioc <command> [options]

        demo [--fresh] [--port 8080] [--host 127.0.0.1,::1] [--data ./data] [--mqtt-port 1883]
             [--no-simulators]
            The whole system in one process: embedded PostgreSQL and MQTT broker, ingest,
            HTTP API, live map and the device simulators. Data is kept under --data;
            --fresh wipes it first.

        server [--port 8080] [--host ::] [--registry devices.json]
               [--opcua opcua-mapping.json] [--pki ./pki]
            One node against an external PostgreSQL/TimescaleDB and MQTT broker:
            IOC_DB_URL, IOC_DB_USER, IOC_DB_PASSWORD, IOC_MQTT_URI, IOC_MQTT_USER,
            IOC_MQTT_PASSWORD, IOC_NODE_ID (or --db-url, --db-user, --mqtt-uri,
            --mqtt-user, --node-id). Each node needs its own stable IOC_NODE_ID; nodes
            with the same IOC_MQTT_SHARE_GROUP (--share-group) split the devices' messages.
            Security (docs/security.md): IOC_JWT_SECRET (or --jwt-secret-file),
            --tls-keystore with IOC_TLS_PASSWORD, IOC_CORS_ORIGINS, IOC_OIDC_ISSUER,
            IOC_OIDC_JWKS, IOC_OIDC_AUDIENCE, --mqtt-truststore with
            IOC_MQTT_TRUSTSTORE_PASSWORD for an ssl:// broker.

        bench traffic [--train-days 21] [--days 7] [--seed 42] [--truth events.jsonl]
            Three training weeks and one scored week of the bundled corridors, minute by
            minute through broker, ingest, database and detection; scores California #8
            and bpd against the simulator's ground truth (docs/BENCHMARKS.md).

        bench lighting [--lamps 2000] [--days 7] [--seed 42] [--fault-share 0.1]
                       [--truth faults.jsonl]
            2,000 simulated lamps over MQTT: a schedule change's reach within 60 s and
            command latency; then a fault-free and a faulty simulated week through the
            fault detector: false faults, recall per fault, delay, energy saving.

        bench flood [--days 30] [--warmup-days 29] [--seed 2026] [--truth truth.jsonl]
            October 2026 (after a September for the forecasts' window) at the four demo
            gauges, every 5 minutes through broker, ingest, database and the flood monitor:
            alarm crossings, next-high-water forecast error and pre-alert lead time against
            the simulator's truth (docs/BENCHMARKS.md).

        bench water [--ponds 200] [--days 7] [--seed 42] [--truth ground-truth.jsonl]
        bench storage [--series 1000] [--minutes 10000] [--batch 10000]
            Bytes per reading on disk: series x minutes readings (10^7 by default), one a
            minute per series, through the ingest writer into a fresh embedded PostgreSQL,
            then every finished hour packed; prints bytes_per_reading (raw, with indexes)
            and bytes_per_reading_compacted (docs/storage.md).

        bench ingest [--devices 10000] [--step-seconds 10] [--start-rate 16000]
                     [--half-seconds 60] [--connections 8] [--broker mosquitto|embedded]
            Starts the system on a fresh embedded stack, raises the load from a separate
            process through the real broker while the node keeps up, measures latency at
            half that rate, and prints one JSON line of figures (docs/BENCHMARKS.md).

        zones import FILE [--attribution TEXT] [--data ./data]
            Replaces the zone layer with a GeoJSON FeatureCollection (e.g. the city's
            official commune layer) and re-places every device. Uses IOC_DB_URL when
            set, else the demo database under --data.

        traffic import FILE [--data ./data]
            Replaces the road network (corridors, detector stations and the devices
            tied to them; docs/traffic-incident-detection.md) with a city's corridor
            file, checked whole first. A running node uses it from its next start.
            Same database choice as zones.

        lighting import FILE [--data ./data]
            Luminaires (rated power, lamp type, cabinet, circuit, street) of the lighting
            devices of a registry file (docs/lighting.md). A running node uses them from
            its next start. Same database choice as zones.

        flood import FILE [--data ./data]
            Water-level stations: alarm levels BĐ I/II/III, hysteresis, confirmation and
            the wards each protects (docs/flood.md). A running node uses them from its
            next start. Same database choice as zones.

        report daily [--date YYYY-MM-DD] [--out FILE] [--data ./data]
            The leaders' daily report as a PDF in Vietnamese (docs/reports.md): the day's
            figures of every domain with a chart, for the whole city. --date defaults to
            yesterday in Can Tho, --out to bao-cao-ngay-<date>.pdf. Same database choice
            as zones.

        user add NAME --role ROLE [--zones ZONE,...] | user passwd NAME
        | user delete NAME | user list
            Manages sign-in users (roles: admin, city_operator, commune_operator,
            traffic_staff, maintenance, farmer, viewer). A new password is generated and
            printed once. Same database choice as zones.

        device register FILE [--rotate]
            Registers the devices of a registry file and prints "id,password" for each
            device that had no MQTT/HTTP credential (all with --rotate). Same database
            choice as zones.

        backup --to FILE [--data ./data]
            Writes every table of the database (readings, alerts, incidents, users, audit,
            ...) as of one instant into FILE (a zip with a manifest: schema versions, row
            counts, SHA-256 of each table), readable by its owner only; the system may keep
            running (a running demo's database under --data is read where it runs). Same
            database choice as zones. Production: docs/backup.md.

        restore --from FILE [--data ./data] [--replace]
            Checks FILE whole, then loads it into an empty database: the schema is built
            by the migrations of the archive's version and each table copied back. Refuses
            a damaged archive, one newer than this IOC, and a database that is not empty;
            --replace drops everything in it first (every IOC node stopped). Same database
            choice as zones.
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> list = Arrays.asList(args);
    if (list.isEmpty() || list.get(0).equals("help") || list.contains("--help")) {
      System.out.print(USAGE);
      return;
    }
    List<String> rest = list.subList(1, list.size());
    try {
      switch (list.get(0)) {
        case "demo" -> DemoCommand.run(rest);
        case "server" -> ServerCommand.run(rest);
        case "zones" -> ZonesCommand.run(rest);
        case "traffic" -> TrafficCommand.run(rest);
        case "lighting" -> LightingCommand.run(rest);
        case "flood" -> FloodCommand.run(rest);
        case "report" -> ReportCommand.run(rest);
        case "user" -> UserCommand.run(rest);
        case "device" -> DeviceCommand.run(rest);
        case "bench" -> BenchCommand.run(rest);
        case "backup" -> BackupCommand.run(rest);
        case "restore" -> RestoreCommand.run(rest);
        default -> throw new IllegalArgumentException("unknown command " + list.get(0));
      }
    } catch (CommandRefused e) {
      System.err.println("ioc: " + e.getMessage());
      System.exit(1);
    } catch (IllegalArgumentException e) {
      System.err.println("ioc: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    } catch (NoClassDefFoundError e) {
      if (!DemoExtras.missing(e)) {
        throw e;
      }
      System.err.println(DemoExtras.MESSAGE);
      System.exit(2);
    }
  }
}
