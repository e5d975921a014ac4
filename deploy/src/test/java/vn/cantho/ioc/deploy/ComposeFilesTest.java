package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.cantho.ioc.deploy.DeploymentChecks.COMPOSE_DIR;
import static vn.cantho.ioc.deploy.DeploymentChecks.DEPLOY;
import static vn.cantho.ioc.deploy.DeploymentChecks.DOCS;
import static vn.cantho.ioc.deploy.DeploymentChecks.IOC_IMAGE;
import static vn.cantho.ioc.deploy.DeploymentChecks.NODE_REQUIRES;
import static vn.cantho.ioc.deploy.DeploymentChecks.ROOT;
import static vn.cantho.ioc.deploy.DeploymentChecks.list;
import static vn.cantho.ioc.deploy.DeploymentChecks.map;
import static vn.cantho.ioc.deploy.DeploymentChecks.portOption;
import static vn.cantho.ioc.deploy.DeploymentChecks.schemaProblems;
import static vn.cantho.ioc.deploy.DeploymentChecks.scrapeProblems;
import static vn.cantho.ioc.deploy.DeploymentChecks.scraperName;
import static vn.cantho.ioc.deploy.DeploymentChecks.serverVariables;
import static vn.cantho.ioc.deploy.DeploymentChecks.shareGroupProblems;
import static vn.cantho.ioc.deploy.DeploymentChecks.str;
import static vn.cantho.ioc.deploy.DeploymentChecks.stringMap;
import static vn.cantho.ioc.deploy.DeploymentChecks.variableProblems;
import static vn.cantho.ioc.deploy.DeploymentChecks.variablesRead;
import static vn.cantho.ioc.deploy.DeploymentChecks.yamlMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The docker compose deployment of issue 19, {@code deploy/compose}, read and checked without
 * Docker, which the build does not have (docs/deployment.md):
 *
 * <ul>
 *   <li>the compose file against the project's schema of the Compose Specification ({@code
 *       compose.schema.json}: every object refuses a key it does not list);
 *   <li>what the files must agree on: the variables a node is given are ones the server reads, the
 *       share group is one and the node ids are distinct, every secret referenced is declared and
 *       kept out of git, Prometheus scrapes every node with the scraper credential's HTTP Basic and
 *       never a token, Grafana is given every setting its provisioning reads, ports, health checks
 *       and volumes meet.
 * </ul>
 *
 * The checks are in {@link DeploymentChecks}, shared with {@link KubernetesManifestsTest} (which
 * also checks that compose's images are pinned): each returns its problems as text, and the
 * negative tests feed it broken input to prove it finds them.
 */
class ComposeFilesTest {
  private static Map<String, Object> compose;
  private static Set<String> serverVariables;

  @BeforeAll
  static void read() throws IOException {
    compose = yamlMap(Files.readString(COMPOSE_DIR.resolve("compose.yaml")));
    serverVariables = serverVariables();
  }

  // ---------------------------------------------------------------- compose: schema

  @Test
  void composeFileFollowsTheComposeSchema() throws IOException {
    assertThat(schemaProblems("compose.schema.json", compose)).isEmpty();
    assertThat(services().keySet())
        .contains("timescaledb", "emqx1", "emqx2", "prometheus", "grafana", "kafka");
  }

  @Test
  void composeSchemaRefusesWhatComposeWouldIgnoreOrRefuse() throws IOException {
    Map<String, Object> misspelt =
        yamlMap(
            """
            services:
              node:
                image: cantho-ioc/ioc-server:0.1.0
                healtcheck:
                  test: ["CMD", "true"]
            """);
    assertThat(schemaProblems("compose.schema.json", misspelt)).isNotEmpty();
    Map<String, Object> badValues =
        yamlMap(
            """
            services:
              node:
                image: cantho-ioc/ioc-server:0.1.0
                restart: sometimes
                healthcheck:
                  test: ["CMD", "true"]
                  interval: soon
                depends_on:
                  db:
                    condition: service_ready
            secrets:
              password: {}
            """);
    assertThat(schemaProblems("compose.schema.json", badValues))
        .anyMatch(p -> p.contains("/services/node/restart"))
        .anyMatch(p -> p.contains("/services/node/healthcheck/interval"))
        .anyMatch(p -> p.contains("/services/node/depends_on"))
        .anyMatch(p -> p.contains("/secrets/password"));
    Map<String, Object> noImage = yamlMap("services:\n  node:\n    restart: always\n");
    assertThat(schemaProblems("compose.schema.json", noImage)).isNotEmpty();
  }

  // ---------------------------------------------------------------- compose: nodes

  @Test
  void composeNodesAreGivenOnlyWhatTheServerReads() throws IOException {
    Map<String, Map<String, Object>> nodes = composeNodes();
    assertThat(nodes).hasSizeGreaterThanOrEqualTo(2);
    String entrypoint = Files.readString(COMPOSE_DIR.resolve("ioc-node/entrypoint.sh"));
    assertThat(entrypoint)
        .as("the entrypoint turns /run/secrets/IOC_* into variables")
        .contains("/run/secrets/IOC_*");
    Set<String> readable = new TreeSet<>(serverVariables);
    readable.addAll(variablesRead(entrypoint));
    for (Map.Entry<String, Map<String, Object>> node : nodes.entrySet()) {
      Map<String, String> env = composeNodeEnvironment(node.getValue());
      assertThat(variableProblems(env, readable, Set.of()))
          .as("variables of %s", node.getKey())
          .isEmpty();
      assertThat(env.keySet()).as("what %s needs", node.getKey()).containsAll(NODE_REQUIRES);
      assertThat(env.get("IOC_NODE_ID"))
          .as("a node's client id is its credential's name or name:… (docs/security.md)")
          .startsWith(env.get("IOC_MQTT_USER") + ":");
      // A secret that is not a variable is a file the node is told of by a variable.
      for (String target : secretTargets(node.getValue())) {
        if (!isVariableName(target)) {
          assertThat(env.values()).as("a variable naming %s", target).contains(secretPath(target));
        }
      }
      for (String value : env.values()) {
        if (value.startsWith("/run/secrets/")) {
          assertThat(secretTargets(node.getValue()))
              .as("%s mounts %s", node.getKey(), value)
              .contains(value.substring("/run/secrets/".length()));
        }
      }
      assertThat(
              env.containsKey("IOC_TLS_KEYSTORE")
                  || String.valueOf(node.getValue().get("command")).contains("--allow-plain-http"))
          .as("%s serves TLS, or says a TLS proxy stands in front (ServerCommand)", node.getKey())
          .isTrue();
    }
  }

  @Test
  void variableCheckFindsAVariableTheServerDoesNotRead() {
    Map<String, String> env = Map.of("IOC_DB_URL", "jdbc:…", "IOC_DB_PASWORD", "x", "POD", "p");
    assertThat(variableProblems(env, serverVariables, Set.of()))
        .anyMatch(p -> p.contains("IOC_DB_PASWORD"))
        .anyMatch(p -> p.contains("POD"));
    assertThat(variableProblems(env, serverVariables, Set.of("POD")))
        .noneMatch(p -> p.contains("POD"));
  }

  @Test
  void composeNodesShareOneGroupWithDistinctIdsAndPorts() throws IOException {
    Map<String, Map<String, String>> env = new LinkedHashMap<>();
    composeNodes().forEach((name, node) -> env.put(name, composeNodeEnvironment(node)));
    assertThat(shareGroupProblems(env)).isEmpty();
    String group = env.values().iterator().next().get("IOC_MQTT_SHARE_GROUP");
    String user = env.values().iterator().next().get("IOC_MQTT_USER");
    // The broker lets the nodes' credential subscribe to the group's shared uplinks, and
    // bootstraps that credential from the same secret the nodes read.
    String acl = Files.readString(COMPOSE_DIR.resolve("emqx/ioc-acl.conf"));
    assertThat(acl)
        .contains("{username, \"" + user + "\"}")
        .contains("\"$share/" + group + "/cantho/v1/+/+/up\"");
    assertThat(Files.readString(COMPOSE_DIR.resolve("emqx/emqx-start.sh")))
        .contains("echo \"" + user + ",$(cat \"$secrets/ioc_mqtt_password\"),false\"");
    String emqx = Files.readString(COMPOSE_DIR.resolve("emqx/emqx.conf"));
    assertThat(emqx)
        .contains("no_match = deny")
        .contains("max_packet_size = \"65KB\"")
        .contains("shared_subscription_strategy = hash_clientid")
        .contains("path = \"/opt/emqx/etc/ioc-acl.conf\"")
        .contains("bootstrap_file = \"/tmp/emqx-bootstrap/ioc-nodes.csv\"");
    for (Map.Entry<String, Map<String, Object>> node : composeNodes().entrySet()) {
      int port = portOption(list(node.getValue().get("command")));
      assertThat(String.valueOf(map(node.getValue().get("healthcheck")).get("test")))
          .as("%s's health check", node.getKey())
          .contains(":" + port + "/api/v1/health");
      assertThat(list(node.getValue().get("ports")))
          .as("%s publishes its port", node.getKey())
          .allMatch(p -> String.valueOf(p).endsWith(":" + port));
    }
  }

  @Test
  void shareGroupCheckFindsTwoGroupsAndATakenId() {
    Map<String, Map<String, String>> env =
        Map.of(
            "a", Map.of("IOC_NODE_ID", "ioc:node-1", "IOC_MQTT_SHARE_GROUP", "ioc"),
            "b", Map.of("IOC_NODE_ID", "ioc:node-1", "IOC_MQTT_SHARE_GROUP", "ioc2"));
    assertThat(shareGroupProblems(env))
        .anyMatch(p -> p.contains("share groups"))
        .anyMatch(p -> p.contains("ioc:node-1"));
  }

  // ---------------------------------------------------------------- compose: secrets, services

  @Test
  void composeSecretsAreDeclaredFilesThatGitIgnores() throws IOException {
    Map<String, Object> declared = map(compose.get("secrets"));
    Set<String> used = new TreeSet<>();
    services()
        .forEach(
            (name, service) -> {
              for (Object ref : list(service.get("secrets"))) {
                String source = ref instanceof Map<?, ?> m ? str(m.get("source")) : str(ref);
                assertThat(declared).as("secret %s of %s", source, name).containsKey(source);
                used.add(source);
              }
            });
    assertThat(used).as("declared secrets nobody mounts").isEqualTo(declared.keySet());
    List<String> ignore = Files.readAllLines(COMPOSE_DIR.resolve("secrets/.gitignore"));
    assertThat(ignore).as("secrets/ ignores everything").contains("*");
    assertThat(ignore.stream().filter(l -> l.startsWith("!")))
        .as("and lets in only the examples")
        .containsExactlyInAnyOrder("!.gitignore", "!*.example");
    String howTo =
        Files.readString(COMPOSE_DIR.resolve("make-secrets.sh")) + Files.readString(DOCS);
    for (Map.Entry<String, Object> secret : declared.entrySet()) {
      String file = str(map(secret.getValue()).get("file"));
      assertThat(file).as(secret.getKey()).startsWith("./secrets/").doesNotEndWith(".example");
      Path path = COMPOSE_DIR.resolve(file).normalize();
      assertThat(path.resolveSibling(path.getFileName() + ".example"))
          .as("an example of %s", file)
          .exists();
      assertThat(howTo).as("how %s is made", file).contains(path.getFileName().toString());
    }
    assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains("deploy/compose/.env");
  }

  @Test
  void composeServicesRestartWaitOnHealthAndKeepDataInNamedVolumes() {
    Map<String, Map<String, Object>> services = services();
    Set<String> declaredVolumes = map(compose.get("volumes")).keySet();
    Set<String> usedVolumes = new TreeSet<>();
    services.forEach(
        (name, service) -> {
          String restart = str(service.get("restart"));
          assertThat(restart).as("%s restarts", name).isNotNull();
          boolean oneShot = restart.startsWith("on-failure");
          if (!oneShot) {
            assertThat(service).as("%s has a health check", name).containsKey("healthcheck");
          }
          Object dependsOn = service.get("depends_on");
          if (dependsOn instanceof Map<?, ?> deps) {
            deps.forEach(
                (dep, how) -> {
                  assertThat(services).as("%s waits on %s", name, dep).containsKey(str(dep));
                  if ("service_healthy".equals(map(how).get("condition"))) {
                    assertThat(services.get(str(dep))).containsKey("healthcheck");
                  }
                });
          }
          for (Object volume : list(service.get("volumes"))) {
            String source = str(volume).split(":", 2)[0];
            if (source.startsWith(".")) {
              assertThat(COMPOSE_DIR.resolve(source)).as("%s mounts %s", name, source).exists();
            } else {
              assertThat(declaredVolumes).as("%s's volume %s", name, source).contains(source);
              usedVolumes.add(source);
            }
          }
        });
    assertThat(usedVolumes).isEqualTo(declaredVolumes);
  }

  @Test
  void composeGrafanaGetsEverySettingItsProvisioningReads() throws IOException {
    Map<String, Object> grafana = services().get("grafana");
    Map<String, String> env = stringMap(grafana.get("environment"));
    String command = String.valueOf(grafana.get("command"));
    Set<String> read = grafanaProvisioningVariables();
    assertThat(read).contains("IOC_GRAFANA_DB_PASSWORD", "IOC_GRAFANA_DASHBOARDS");
    for (String variable : read) {
      assertThat(env.containsKey(variable) || command.contains("export " + variable))
          .as("Grafana is given %s", variable)
          .isTrue();
    }
    assertThat(env.get("IOC_GRAFANA_DB_PASSWORD")).as("never in the file").isNull();
    List<String> volumes = list(grafana.get("volumes")).stream().map(String::valueOf).toList();
    assertThat(volumes)
        .contains("../grafana/provisioning:" + env.get("GF_PATHS_PROVISIONING") + ":ro")
        .contains("../grafana/dashboards:" + env.get("IOC_GRAFANA_DASHBOARDS") + ":ro");
    assertThat(str(grafana.get("image"))).matches("grafana/grafana:(1[1-9]|10\\.[3-9])\\..*");
  }

  @Test
  void composePrometheusScrapesEveryNodeWithTheScraperCredential() throws IOException {
    Map<String, Object> config =
        yamlMap(Files.readString(COMPOSE_DIR.resolve("prometheus/prometheus.yml")));
    Set<String> nodes = new TreeSet<>();
    composeNodes()
        .forEach((name, node) -> nodes.add(name + ":" + portOption(list(node.get("command")))));
    Map<String, Object> prometheus = services().get("prometheus");
    Set<String> mounted = new TreeSet<>();
    for (Object ref : list(prometheus.get("secrets"))) {
      mounted.add(secretPath(ref instanceof Map<?, ?> m ? str(m.get("target")) : str(ref)));
    }
    assertThat(scrapeProblems(config, nodes, mounted)).isEmpty();
    assertThat(String.valueOf(prometheus.get("volumes")))
        .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml");
    assertThat(Files.readString(DOCS)).contains("device scraper " + scraperName(config));
  }

  @Test
  void scrapeCheckFindsATokenAMissingNodeAndAnUnmountedPassword() {
    Map<String, Object> config =
        yamlMap(
            """
            scrape_configs:
              - job_name: ioc
                scheme: https
                metrics_path: /metrics
                authorization:
                  credentials_file: /run/secrets/admin_token
                basic_auth:
                  username: prometheus
                  password_file: /run/secrets/elsewhere
                static_configs:
                  - targets: ['ioc-node-1:8443']
            """);
    assertThat(
            scrapeProblems(
                config, Set.of("ioc-node-1:8443", "ioc-node-2:8443"), Set.of("/run/secrets/x")))
        .anyMatch(p -> p.contains("authorization"))
        .anyMatch(p -> p.contains("ioc-node-2:8443"))
        .anyMatch(p -> p.contains("/run/secrets/elsewhere"));
  }

  // ---------------------------------------------------------------- compose helpers

  private static Map<String, Map<String, Object>> services() {
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    map(compose.get("services")).forEach((k, v) -> services.put(k, map(v)));
    return services;
  }

  private static Map<String, Map<String, Object>> composeNodes() {
    Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
    services()
        .forEach(
            (name, s) -> {
              if (String.valueOf(s.get("image")).startsWith(IOC_IMAGE + ":")) {
                nodes.put(name, s);
              }
            });
    return nodes;
  }

  /** A node's variables: its environment and the secrets mounted under a variable's name. */
  private static Map<String, String> composeNodeEnvironment(Map<String, Object> node) {
    Map<String, String> env = new LinkedHashMap<>(stringMap(node.get("environment")));
    for (String target : secretTargets(node)) {
      if (isVariableName(target)) {
        env.put(target, "(secret)");
      }
    }
    return env;
  }

  private static List<String> secretTargets(Map<String, Object> service) {
    List<String> targets = new ArrayList<>();
    for (Object ref : list(service.get("secrets"))) {
      targets.add(
          ref instanceof Map<?, ?> m
              ? str(m.get("target") != null ? m.get("target") : m.get("source"))
              : str(ref));
    }
    return targets;
  }

  private static String secretPath(String target) {
    return target.startsWith("/") ? target : "/run/secrets/" + target;
  }

  private static boolean isVariableName(String name) {
    return name.matches("IOC_[A-Z0-9_]+");
  }

  private static Set<String> grafanaProvisioningVariables() throws IOException {
    Set<String> names = new TreeSet<>();
    Pattern variable = Pattern.compile("\\$\\{(IOC_GRAFANA_[A-Z_]+)\\}");
    try (Stream<Path> files = Files.walk(DEPLOY.resolve("grafana/provisioning"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Matcher m = variable.matcher(Files.readString(f));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }
}
