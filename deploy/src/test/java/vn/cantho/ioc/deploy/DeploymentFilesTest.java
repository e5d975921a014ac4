package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment files of issue 19 — {@code deploy/compose} (docker compose) and {@code deploy/k8s}
 * (Kubernetes) — read and checked without Docker or a cluster, which the build does not have
 * (docs/deployment.md):
 *
 * <ul>
 *   <li>the compose file against the project's schema of the Compose Specification ({@code
 *       compose.schema.json}: every object refuses a key it does not list), the kustomization
 *       against its own;
 *   <li>every Kubernetes manifest read into Kubernetes' own types (fabric8's model, generated from
 *       Kubernetes' OpenAPI) with unknown fields and mistyped scalars refused, as the API server
 *       refuses them;
 *   <li>what the files must agree on: the variables a node is given are ones the server reads, the
 *       share group is one and the node ids are distinct, every secret referenced is declared (and
 *       for Kubernetes, created by the commands in docs/deployment.md), Prometheus scrapes every
 *       node with the scraper credential's HTTP Basic and never a token, images are pinned, ports,
 *       selectors and names meet.
 * </ul>
 *
 * Each check returns its problems as text, and the negative tests feed it broken input to prove it
 * finds them.
 */
class DeploymentFilesTest {
  private static final Path DEPLOY = Path.of("").toAbsolutePath();
  private static final Path ROOT = DEPLOY.getParent();
  private static final Path COMPOSE_DIR = DEPLOY.resolve("compose");
  private static final Path K8S_DIR = DEPLOY.resolve("k8s");
  private static final Path DOCS = ROOT.resolve("docs/deployment.md");
  private static final String IOC_IMAGE = "cantho-ioc/ioc-server";

  /** What a node must be given to run in a share group against external services. */
  private static final Set<String> NODE_REQUIRES =
      Set.of(
          "IOC_DB_URL",
          "IOC_DB_USER",
          "IOC_DB_PASSWORD",
          "IOC_MQTT_URI",
          "IOC_MQTT_USER",
          "IOC_MQTT_PASSWORD",
          "IOC_NODE_ID",
          "IOC_MQTT_SHARE_GROUP",
          "IOC_JWT_SECRET");

  /** Kubernetes kinds the manifests may hold, by {@code apiVersion/kind}, and their types. */
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/Service", Service.class,
          "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
          "apps/v1/StatefulSet", StatefulSet.class,
          "apps/v1/Deployment", Deployment.class,
          "batch/v1/Job", Job.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

  /** Fails on a field the type lacks and on a string where Kubernetes wants a number. */
  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private static Map<String, Object> compose;
  private static List<Manifest> manifests;
  private static List<String> unreadable;
  private static Set<String> serverVariables;

  /** One document of a manifest file, as read into its Kubernetes type. */
  record Manifest(String file, HasMetadata object) {
    String name() {
      return object.getKind() + "/" + object.getMetadata().getName() + " (" + file + ")";
    }
  }

  @BeforeAll
  static void read() throws IOException {
    compose = yamlMap(Files.readString(COMPOSE_DIR.resolve("compose.yaml")));
    List<String> problems = new ArrayList<>();
    manifests = new ArrayList<>();
    for (Path file : manifestFiles()) {
      manifests.addAll(readManifests(K8S_DIR.relativize(file).toString(), file, problems));
    }
    unreadable = problems;
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

  // ---------------------------------------------------------------- both: images

  @Test
  void everyImageIsPinnedToAVersion() throws IOException {
    List<String> images = new ArrayList<>();
    services().values().forEach(s -> images.add(str(s.get("image"))));
    for (Manifest m : manifests) {
      containers(m).forEach(c -> images.add(c.getImage()));
    }
    for (String line : Files.readAllLines(COMPOSE_DIR.resolve("ioc-node/Dockerfile"))) {
      if (line.startsWith("FROM ")) {
        images.add(line.substring(5).strip().replaceAll("\\s.*", ""));
      }
    }
    assertThat(images).hasSizeGreaterThan(10);
    assertThat(pinProblems(images)).isEmpty();
    assertThat(pinProblems(List.of("grafana/grafana:latest", "emqx/emqx", "a/b:stable", "c:1.2")))
        .hasSize(3);
  }

  // ---------------------------------------------------------------- Kubernetes: reading

  @Test
  void kubernetesManifestsAreKubernetesObjects() {
    assertThat(unreadable).as("what does not read into Kubernetes' types").isEmpty();
    assertThat(manifests.stream().map(m -> m.object().getKind()).collect(Collectors.toSet()))
        .containsAll(
            Set.of(
                "Namespace",
                "StatefulSet",
                "Deployment",
                "Service",
                "PersistentVolumeClaim",
                "PodDisruptionBudget",
                "NetworkPolicy",
                "Job"));
    for (Manifest m : manifests) {
      assertThat(m.object().getMetadata().getName()).as(m.file()).isNotBlank();
      if (!(m.object() instanceof Namespace)) {
        assertThat(m.object().getMetadata().getNamespace())
            .as("%s: the namespace is kustomize's (or kubectl -n)", m.name())
            .isNull();
      }
      for (Container c : containers(m)) {
        assertThat(c.getName()).as(m.name()).isNotBlank();
        assertThat(c.getImage()).as(m.name()).isNotBlank();
      }
    }
  }

  @Test
  void kubernetesReaderRefusesUnknownFieldsWrongTypesAndUnknownKinds() {
    String deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: x
                  image: x:1
                  ports: [{containerPort: 80}]
        """;
    List<String> problems = new ArrayList<>();
    assertThat(readManifests("right", deployment, problems)).hasSize(1);
    assertThat(problems).isEmpty();
    readManifests("typo", deployment.replace("ports:", "containerPorts:"), problems);
    assertThat(problems)
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("typo: apps/v1/Deployment.spec.template.spec.containers[0]")
        .contains("containerPorts");
    problems.clear();
    String service = "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports:\n";
    readManifests("number", service + "    - port: 8443\n", problems);
    assertThat(problems).isEmpty();
    readManifests("string port", service + "    - port: \"8443\"\n", problems);
    assertThat(problems)
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("string port: v1/Service: ");
    problems.clear();
    readManifests("kind", deployment.replace("apps/v1", "apps/v1beta1"), problems);
    assertThat(problems).containsExactly("kind: no such kind here: apps/v1beta1/Deployment");
  }

  @Test
  void kustomizationListsEveryManifestAndFilesThatExist() throws IOException {
    Map<String, Object> kustomization =
        yamlMap(Files.readString(K8S_DIR.resolve("kustomization.yaml")));
    assertThat(schemaProblems("kustomization.schema.json", kustomization)).isEmpty();
    Set<String> top;
    try (Stream<Path> files = Files.list(K8S_DIR)) {
      top =
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(new TreeSet<>(strings(kustomization.get("resources")))).isEqualTo(top);
    Set<String> generated = new TreeSet<>();
    for (Object generator : list(kustomization.get("configMapGenerator"))) {
      generated.add(str(map(generator).get("name")));
      for (String file : strings(map(generator).get("files"))) {
        String source = file.contains("=") ? file.substring(file.indexOf('=') + 1) : file;
        assertThat(K8S_DIR.resolve(source)).as("generator file %s", source).exists();
      }
    }
    Set<String> referenced = new TreeSet<>();
    for (Manifest m : manifests) {
      for (Volume v : volumes(m)) {
        if (v.getConfigMap() != null) {
          referenced.add(v.getConfigMap().getName());
        }
      }
    }
    assertThat(referenced).as("config maps the pods mount").isEqualTo(generated);
  }

  // ---------------------------------------------------------------- Kubernetes: wiring

  @Test
  void kubernetesServicesBudgetsAndPoliciesSelectPodsAndTheirPorts() {
    List<String> problems = new ArrayList<>();
    for (Manifest m : manifests) {
      if (m.object() instanceof Service s) {
        List<Manifest> pods = selected(s.getSpec().getSelector());
        if (pods.isEmpty()) {
          problems.add(m.name() + " selects no pods");
        }
        for (ServicePort port : s.getSpec().getPorts()) {
          for (Manifest pod : pods) {
            if (!hasPort(pod, port.getTargetPort())) {
              problems.add(m.name() + ": " + pod.name() + " has no port " + port.getTargetPort());
            }
          }
        }
      } else if (m.object() instanceof PodDisruptionBudget b) {
        if (selected(b.getSpec().getSelector().getMatchLabels()).isEmpty()) {
          problems.add(m.name() + " selects no pods");
        }
      } else if (m.object() instanceof NetworkPolicy p) {
        problems.addAll(policyProblems(m, p));
      }
      PodTemplateSpec template = template(m);
      if (template != null) {
        LabelSelector selector = selector(m);
        if (selector != null
            && !template
                .getMetadata()
                .getLabels()
                .entrySet()
                .containsAll(selector.getMatchLabels().entrySet())) {
          problems.add(m.name() + ": its selector does not select its own pods");
        }
        problems.addAll(mountProblems(m));
        for (Container c : containers(m)) {
          for (Probe probe : probes(c)) {
            IntOrString port =
                probe.getHttpGet() != null
                    ? probe.getHttpGet().getPort()
                    : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
            if (port != null && !hasPort(c, port)) {
              problems.add(m.name() + ": a probe of " + c.getName() + " on no port " + port);
            }
          }
        }
      }
      if (m.object() instanceof StatefulSet set) {
        Service headless = service(set.getSpec().getServiceName());
        if (headless == null || !"None".equals(headless.getSpec().getClusterIP())) {
          problems.add(m.name() + ": serviceName is no headless Service");
        } else if (!selected(headless.getSpec().getSelector()).contains(m)) {
          problems.add(m.name() + ": its headless Service selects other pods");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void kubernetesNodesAreGivenOnlyWhatTheServerReads() throws IOException {
    Manifest nodes = iocWorkload();
    Container c = containers(nodes).get(0);
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar v : c.getEnv()) {
      env.put(v.getName(), v.getValue() == null ? "(from " + describe(v) + ")" : v.getValue());
    }
    Set<String> helpers = new TreeSet<>();
    Matcher reference =
        Pattern.compile("\\$\\(([A-Z0-9_]+)\\)").matcher(String.join(" ", env.values()));
    while (reference.find()) {
      helpers.add(reference.group(1));
    }
    Set<String> readable = new TreeSet<>(serverVariables);
    readable.addAll(variablesRead(Files.readString(COMPOSE_DIR.resolve("ioc-node/entrypoint.sh"))));
    assertThat(variableProblems(env, readable, helpers)).isEmpty();
    assertThat(env.keySet()).containsAll(NODE_REQUIRES);
    assertThat(env.get("IOC_NODE_ID"))
        .as("one id per pod, from its name")
        .isEqualTo(env.get("IOC_MQTT_USER") + ":$(POD_NAME)");
    EnvVar podName =
        c.getEnv().stream().filter(v -> v.getName().equals("POD_NAME")).findFirst().orElseThrow();
    assertThat(podName.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env.get("IOC_MQTT_SHARE_GROUP")).isNotBlank().doesNotContain("$(");
    // The key store the node is told of is a file a secret volume puts there.
    String keyStore = env.get("IOC_TLS_KEYSTORE");
    assertThat(mountedFiles(nodes, c)).as("files from secrets").contains(keyStore);
    int port = portOption(c.getArgs());
    assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(port);
    assertThat(((StatefulSet) nodes.object()).getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void kubernetesProbesUseTheServersRoutes() throws IOException {
    Container c = containers(iocWorkload()).get(0);
    // The kernel's routes, named in ApiServer or by a constant beside it (OpenApi.PATH).
    StringBuilder api = new StringBuilder();
    try (Stream<Path> files =
        Files.walk(ROOT.resolve("ioc-core/src/main/java/vn/cantho/ioc/core/api"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        api.append(Files.readString(f));
      }
    }
    assertThat(c.getReadinessProbe().getHttpGet().getPath())
        .as("ready when database, broker and ingest are up")
        .isEqualTo("/api/v1/health");
    assertThat(api.toString()).contains("\"/api/v1/health\"");
    for (Probe probe : List.of(c.getLivenessProbe(), c.getStartupProbe())) {
      assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
      assertThat(api.toString()).contains("\"" + probe.getHttpGet().getPath() + "\"");
    }
    assertThat(c.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
  }

  @Test
  void kubernetesSecretsAreThoseTheDocsCreate() throws IOException {
    Set<String> referenced = new TreeSet<>();
    for (Manifest m : manifests) {
      for (Container c : containers(m)) {
        for (EnvVar v : c.getEnv()) {
          if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
            referenced.add(
                v.getValueFrom().getSecretKeyRef().getName()
                    + "/"
                    + v.getValueFrom().getSecretKeyRef().getKey());
          }
        }
      }
      for (Volume v : volumes(m)) {
        if (v.getSecret() != null) {
          assertThat(v.getSecret().getItems()).as("%s names its keys", m.name()).isNotEmpty();
          v.getSecret()
              .getItems()
              .forEach(i -> referenced.add(v.getSecret().getSecretName() + "/" + i.getKey()));
        }
        if (v.getProjected() != null) {
          for (VolumeProjection source : v.getProjected().getSources()) {
            if (source.getSecret() != null) {
              for (KeyToPath i : source.getSecret().getItems()) {
                referenced.add(source.getSecret().getName() + "/" + i.getKey());
              }
            }
          }
        }
      }
    }
    assertThat(referenced).hasSizeGreaterThan(10);
    assertThat(secretsCreated(Files.readString(DOCS)))
        .as("kubectl create secret in docs/deployment.md")
        .isEqualTo(referenced);
  }

  @Test
  void secretCommandsAreReadKeyByKey() {
    String docs =
        """
        ```sh
        kubectl -n cantho-ioc create secret generic ioc-db \\
          --from-file=ioc-password=$S/ioc_db_password --from-literal=x=y
        kubectl -n cantho-ioc create secret tls emqx-tls --cert=a --key=b
        ```
        """;
    assertThat(secretsCreated(docs))
        .containsExactlyInAnyOrder(
            "ioc-db/ioc-password", "ioc-db/x", "emqx-tls/tls.crt", "emqx-tls/tls.key");
  }

  @Test
  void kubernetesPrometheusScrapesEveryNodeWithTheScraperCredential() throws IOException {
    StatefulSet nodes = (StatefulSet) iocWorkload().object();
    int port = containers(iocWorkload()).get(0).getPorts().get(0).getContainerPort();
    Set<String> targets =
        IntStream.range(0, nodes.getSpec().getReplicas())
            .mapToObj(
                i ->
                    nodes.getMetadata().getName()
                        + "-"
                        + i
                        + "."
                        + nodes.getSpec().getServiceName()
                        + ":"
                        + port)
            .collect(Collectors.toSet());
    Manifest prometheus =
        manifests.stream()
            .filter(m -> m.object().getMetadata().getName().equals("prometheus"))
            .filter(m -> m.object() instanceof Deployment)
            .findFirst()
            .orElseThrow();
    Container c = containers(prometheus).get(0);
    Set<String> files = mountedFiles(prometheus, c);
    Map<String, Object> config =
        yamlMap(Files.readString(K8S_DIR.resolve("prometheus/prometheus.yml")));
    assertThat(scrapeProblems(config, targets, files)).isEmpty();
    assertThat(c.getArgs()).contains("--config.file=/etc/prometheus/prometheus.yml");
    assertThat(c.getVolumeMounts())
        .anyMatch(v -> v.getMountPath().equals("/etc/prometheus") && v.getName().equals("config"));
    assertThat(Files.readString(DOCS)).contains("device scraper " + scraperName(config));
  }

  @Test
  void optionalKafkaVotersAreItsPods() {
    Manifest kafka =
        manifests.stream()
            .filter(m -> m.object() instanceof StatefulSet)
            .filter(m -> m.object().getMetadata().getName().equals("kafka"))
            .findFirst()
            .orElseThrow();
    StatefulSet set = (StatefulSet) kafka.object();
    String voters =
        containers(kafka).get(0).getEnv().stream()
            .filter(v -> v.getName().equals("KAFKA_CONTROLLER_QUORUM_VOTERS"))
            .findFirst()
            .orElseThrow()
            .getValue();
    List<String> expected =
        IntStream.range(0, set.getSpec().getReplicas())
            .mapToObj(i -> i + "@kafka-" + i + "." + set.getSpec().getServiceName() + ":9093")
            .toList();
    assertThat(List.of(voters.split(",", -1))).isEqualTo(expected);
  }

  // ---------------------------------------------------------------- checks

  /** Variables the server would not read (a helper only serves another's {@code $(NAME)}). */
  static List<String> variableProblems(
      Map<String, String> env, Set<String> readable, Set<String> helpers) {
    List<String> problems = new ArrayList<>();
    for (String name : env.keySet()) {
      if (!readable.contains(name) && !helpers.contains(name)) {
        problems.add(name + " is not read by the server");
      }
    }
    return problems;
  }

  /** One share group for all, a distinct node id each. */
  static List<String> shareGroupProblems(Map<String, Map<String, String>> nodes) {
    List<String> problems = new ArrayList<>();
    Set<String> groups = new TreeSet<>();
    Map<String, String> ids = new LinkedHashMap<>();
    nodes.forEach(
        (name, env) -> {
          groups.add(String.valueOf(env.get("IOC_MQTT_SHARE_GROUP")));
          String taken = ids.put(String.valueOf(env.get("IOC_NODE_ID")), name);
          if (taken != null) {
            problems.add(name + " and " + taken + " both use " + env.get("IOC_NODE_ID"));
          }
        });
    if (groups.size() != 1 || groups.contains("null")) {
      problems.add("share groups " + groups + ": one for all nodes");
    }
    return problems;
  }

  /**
   * The nodes' scrape job: HTTPS to every node and nothing else, HTTP Basic with a password file
   * the container has, and no token of any kind in any job.
   */
  @SuppressWarnings("unchecked")
  static List<String> scrapeProblems(
      Map<String, Object> config, Set<String> nodes, Set<String> mountedFiles) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> job = null;
    for (Object o : list(config.get("scrape_configs"))) {
      Map<String, Object> scrape = (Map<String, Object>) o;
      for (String token : List.of("authorization", "bearer_token", "bearer_token_file", "oauth2")) {
        if (scrape.containsKey(token)) {
          problems.add(scrape.get("job_name") + " uses " + token + ": a scraper credential only");
        }
      }
      if ("/metrics".equals(scrape.get("metrics_path"))) {
        job = scrape;
      }
    }
    if (job == null) {
      problems.add("no job scrapes /metrics");
      return problems;
    }
    Map<String, Object> basic = map(job.get("basic_auth"));
    if (basic.isEmpty() || str(basic.get("username")) == null) {
      problems.add("the /metrics job has no basic_auth username");
    }
    if (basic.containsKey("password")) {
      problems.add("the scraper's password is written in the file");
    }
    String passwordFile = str(basic.get("password_file"));
    if (passwordFile == null || !mountedFiles.contains(passwordFile)) {
      problems.add("password_file " + passwordFile + " is not mounted");
    }
    if (!"https".equals(job.get("scheme"))) {
      problems.add("the nodes serve HTTPS: scheme https");
    }
    String ca = str(map(job.get("tls_config")).get("ca_file"));
    if (ca != null && !mountedFiles.contains(ca)) {
      problems.add("ca_file " + ca + " is not mounted");
    }
    Set<String> targets = new TreeSet<>();
    for (Object sc : list(job.get("static_configs"))) {
      targets.addAll(strings(map(sc).get("targets")));
    }
    for (String node : nodes) {
      if (!targets.contains(node)) {
        problems.add("node " + node + " is not scraped");
      }
    }
    for (String target : targets) {
      if (!nodes.contains(target)) {
        problems.add(target + " is scraped but is no node");
      }
    }
    return problems;
  }

  /** Images with a version tag: not {@code latest}, not a floating word, not none. */
  static List<String> pinProblems(List<String> images) {
    List<String> problems = new ArrayList<>();
    for (String image : images) {
      String last = image.substring(image.lastIndexOf('/') + 1);
      int colon = last.indexOf(':');
      String tag = colon < 0 ? "" : last.substring(colon + 1);
      if (tag.isEmpty() || tag.equals("latest") || !tag.matches(".*[0-9].*")) {
        problems.add(image + " is not pinned to a version");
      }
    }
    return problems;
  }

  /** {@code secret/key} pairs the docs' {@code kubectl create secret} commands make. */
  static Set<String> secretsCreated(String docs) {
    Set<String> made = new TreeSet<>();
    String joined = docs.replace("\\\n", " ");
    Matcher command =
        Pattern.compile("kubectl [^\\n]*?create secret (generic|tls) ([a-z0-9-]+)([^\\n]*)")
            .matcher(joined);
    while (command.find()) {
      String name = command.group(2);
      if (command.group(1).equals("tls")) {
        made.add(name + "/tls.crt");
        made.add(name + "/tls.key");
        continue;
      }
      Matcher key =
          Pattern.compile("--from-(?:file|literal)=([A-Za-z0-9._-]+)=").matcher(command.group(3));
      while (key.find()) {
        made.add(name + "/" + key.group(1));
      }
    }
    return made;
  }

  static List<String> schemaProblems(String schemaResource, Map<String, Object> document)
      throws IOException {
    JsonObject schema;
    try (InputStream in = DeploymentFilesTest.class.getResourceAsStream(schemaResource)) {
      schema =
          new JsonObject(
              new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8));
    }
    OutputUnit result =
        Validator.create(
                JsonSchema.of(schema),
                new JsonSchemaOptions()
                    .setDraft(Draft.DRAFT202012)
                    .setBaseUri("https://cantho-ioc.example/")
                    .setOutputFormat(OutputFormat.Basic))
            .validate(new JsonObject(Json.encode(document)));
    List<String> problems = new ArrayList<>();
    if (!Boolean.TRUE.equals(result.getValid())) {
      List<OutputUnit> errors = result.getErrors() == null ? List.of() : result.getErrors();
      for (OutputUnit e : errors) {
        problems.add(e.getInstanceLocation() + ": " + e.getError());
      }
      if (problems.isEmpty()) {
        problems.add(String.valueOf(result.getError()));
      }
    }
    return problems;
  }

  // ---------------------------------------------------------------- reading Kubernetes

  private static List<Path> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.walk(K8S_DIR)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .toList();
    }
  }

  private static List<Manifest> readManifests(String file, Path path, List<String> problems)
      throws IOException {
    return readManifests(file, Files.readString(path), problems);
  }

  /** Every document of a YAML text as its Kubernetes type; what does not fit is a problem. */
  static List<Manifest> readManifests(String file, String text, List<String> problems) {
    List<Manifest> read = new ArrayList<>();
    for (Object document : yaml().loadAll(text)) {
      if (document == null) {
        continue;
      }
      Map<String, Object> raw = map(document);
      String kind = raw.get("apiVersion") + "/" + raw.get("kind");
      Class<? extends HasMetadata> type = KINDS.get(kind);
      if (type == null) {
        problems.add(file + ": no such kind here: " + kind);
        continue;
      }
      HasMetadata object;
      try {
        object = STRICT.convertValue(raw, type);
      } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
        problems.add(file + ": " + kind + ": " + e.getMessage());
        continue;
      }
      List<String> unknown = new ArrayList<>();
      unknownFields(object, kind, unknown);
      problems.addAll(unknown.stream().map(u -> file + ": " + u).toList());
      read.add(new Manifest(file, object));
    }
    return read;
  }

  /**
   * Kubernetes' types keep what they do not know in {@code additionalProperties} instead of
   * failing: any entry there is a field the API server would refuse.
   */
  private static void unknownFields(Object o, String path, List<String> out) {
    if (o == null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        unknownFields(e, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> unknownFields(v, path + "." + k, out));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : o.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(o);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(getter.toString(), e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + ": unknown field(s) " + extra.keySet());
        }
        continue;
      }
      String field = getter.getName().substring(3);
      unknownFields(
          value, path + "." + Character.toLowerCase(field.charAt(0)) + field.substring(1), out);
    }
  }

  // ---------------------------------------------------------------- Kubernetes helpers

  private static Manifest iocWorkload() {
    return manifests.stream()
        .filter(m -> m.object() instanceof StatefulSet)
        .filter(m -> containers(m).stream().anyMatch(c -> c.getImage().startsWith(IOC_IMAGE + ":")))
        .findFirst()
        .orElseThrow();
  }

  private static PodTemplateSpec template(Manifest m) {
    if (m.object() instanceof StatefulSet s) {
      return s.getSpec().getTemplate();
    }
    if (m.object() instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    if (m.object() instanceof Job j) {
      return j.getSpec().getTemplate();
    }
    return null;
  }

  private static LabelSelector selector(Manifest m) {
    if (m.object() instanceof StatefulSet s) {
      return s.getSpec().getSelector();
    }
    if (m.object() instanceof Deployment d) {
      return d.getSpec().getSelector();
    }
    return null;
  }

  private static List<Container> containers(Manifest m) {
    PodTemplateSpec t = template(m);
    return t == null ? List.of() : t.getSpec().getContainers();
  }

  private static List<Volume> volumes(Manifest m) {
    PodTemplateSpec t = template(m);
    return t == null || t.getSpec().getVolumes() == null ? List.of() : t.getSpec().getVolumes();
  }

  private static List<Probe> probes(Container c) {
    return Stream.of(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())
        .filter(Objects::nonNull)
        .toList();
  }

  /** Workloads whose pods carry every label of the selector (an empty one selects none here). */
  private static List<Manifest> selected(Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    return manifests.stream()
        .filter(m -> template(m) != null)
        .filter(
            m -> template(m).getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .toList();
  }

  private static Service service(String name) {
    return manifests.stream()
        .map(Manifest::object)
        .filter(o -> o instanceof Service && o.getMetadata().getName().equals(name))
        .map(Service.class::cast)
        .findFirst()
        .orElse(null);
  }

  private static boolean hasPort(Manifest pod, IntOrString port) {
    return containers(pod).stream().anyMatch(c -> hasPort(c, port));
  }

  private static boolean hasPort(Container c, IntOrString port) {
    List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
    return port.getIntVal() != null
        ? ports.stream().anyMatch(p -> p.getContainerPort().equals(port.getIntVal()))
        : ports.stream().anyMatch(p -> port.getStrVal().equals(p.getName()));
  }

  /** Volume mounts name a volume or a claim template of the pod. */
  private static List<String> mountProblems(Manifest m) {
    Set<String> names = new TreeSet<>();
    volumes(m).forEach(v -> names.add(v.getName()));
    if (m.object() instanceof StatefulSet s && s.getSpec().getVolumeClaimTemplates() != null) {
      s.getSpec().getVolumeClaimTemplates().forEach(t -> names.add(t.getMetadata().getName()));
    }
    List<String> problems = new ArrayList<>();
    for (Container c : containers(m)) {
      for (VolumeMount mount :
          c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
        if (!names.contains(mount.getName())) {
          problems.add(m.name() + ": " + c.getName() + " mounts no volume " + mount.getName());
        }
      }
    }
    for (Volume v : volumes(m)) {
      if (v.getPersistentVolumeClaim() != null
          && manifests.stream()
              .noneMatch(
                  o ->
                      o.object() instanceof PersistentVolumeClaim
                          && o.object()
                              .getMetadata()
                              .getName()
                              .equals(v.getPersistentVolumeClaim().getClaimName()))) {
        problems.add(m.name() + ": no claim " + v.getPersistentVolumeClaim().getClaimName());
      }
    }
    return problems;
  }

  /** Files a container gets from secret volumes, by their path in the container. */
  private static Set<String> mountedFiles(Manifest m, Container c) {
    Set<String> files = new TreeSet<>();
    for (VolumeMount mount : c.getVolumeMounts()) {
      for (Volume v : volumes(m)) {
        if (!v.getName().equals(mount.getName())) {
          continue;
        }
        List<KeyToPath> items = new ArrayList<>();
        if (v.getSecret() != null) {
          items.addAll(v.getSecret().getItems());
        }
        if (v.getProjected() != null) {
          v.getProjected().getSources().stream()
              .filter(s -> s.getSecret() != null)
              .forEach(s -> items.addAll(s.getSecret().getItems()));
        }
        items.forEach(i -> files.add(mount.getMountPath() + "/" + i.getPath()));
      }
    }
    return files;
  }

  /** A network policy's pods and peers exist, and the ports it opens are theirs. */
  private static List<String> policyProblems(Manifest m, NetworkPolicy p) {
    List<String> problems = new ArrayList<>();
    Map<String, String> own = p.getSpec().getPodSelector().getMatchLabels();
    List<Manifest> pods = selected(own);
    if (own != null && !own.isEmpty() && pods.isEmpty()) {
      problems.add(m.name() + " selects no pods");
    }
    for (NetworkPolicyIngressRule rule :
        p.getSpec().getIngress() == null
            ? List.<NetworkPolicyIngressRule>of()
            : p.getSpec().getIngress()) {
      for (NetworkPolicyPeer peer :
          rule.getFrom() == null ? List.<NetworkPolicyPeer>of() : rule.getFrom()) {
        if (peer.getPodSelector() != null
            && selected(peer.getPodSelector().getMatchLabels()).isEmpty()) {
          problems.add(
              m.name() + ": a peer selects no pods " + peer.getPodSelector().getMatchLabels());
        }
      }
      for (NetworkPolicyPort port :
          rule.getPorts() == null ? List.<NetworkPolicyPort>of() : rule.getPorts()) {
        for (Manifest pod : pods) {
          if (!hasPort(pod, port.getPort())) {
            problems.add(m.name() + ": " + pod.name() + " has no port " + port.getPort());
          }
        }
      }
    }
    return problems;
  }

  private static String describe(EnvVar v) {
    if (v.getValueFrom().getSecretKeyRef() != null) {
      return "secret " + v.getValueFrom().getSecretKeyRef().getName();
    }
    return v.getValueFrom().getFieldRef() != null ? "field" : "elsewhere";
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

  private static int portOption(List<?> command) {
    List<String> words = command.stream().map(String::valueOf).toList();
    int i = words.indexOf("--port");
    assertThat(i).as("--port in %s", words).isNotNegative();
    return Integer.parseInt(words.get(i + 1));
  }

  private static String scraperName(Map<String, Object> config) {
    for (Object o : list(config.get("scrape_configs"))) {
      Map<String, Object> basic = map(map(o).get("basic_auth"));
      if (!basic.isEmpty()) {
        return str(basic.get("username"));
      }
    }
    throw new AssertionError("no basic_auth");
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

  // ---------------------------------------------------------------- what the server reads

  /**
   * The environment variables the node's code reads: every {@code "IOC_…"} string literal in the
   * main sources of the modules ioc-server.jar holds (all but the simulators), and each feature's
   * settings, {@code IOC_<ID>_<KEY>} for every {@code config.get("KEY")} or {@code
   * config.number("KEY", …)} of the feature's module (FeatureConfig).
   */
  private static Set<String> serverVariables() throws IOException {
    Set<String> names = new TreeSet<>();
    Pattern literal = Pattern.compile("\"(IOC_[A-Z0-9_]*[A-Z0-9])\"");
    Pattern setting = Pattern.compile("config(?:\\(\\))?\\.(?:get|number)\\(\"([A-Z0-9_]+)\"");
    Pattern featureId =
        Pattern.compile(
            "String ID = \"([a-z0-9]+)\"|String id\\(\\) \\{\\s*return \"([a-z0-9]+)\";");
    List<Path> modules;
    try (Stream<Path> dirs = Files.list(ROOT)) {
      modules =
          dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java")))
              .filter(d -> !d.getFileName().toString().equals("simulators"))
              .toList();
    }
    for (Path module : modules) {
      Path services =
          module.resolve(
              "src/main/resources/META-INF/services/vn.cantho.ioc.core.feature.IocFeature");
      String id = null;
      if (Files.exists(services)) {
        String feature = Files.readString(services).strip();
        Path source = module.resolve("src/main/java/" + feature.replace('.', '/') + ".java");
        Matcher m = featureId.matcher(Files.readString(source));
        assertThat(m.find()).as("the id of %s", feature).isTrue();
        id = (m.group(1) != null ? m.group(1) : m.group(2)).toUpperCase(java.util.Locale.ROOT);
      }
      try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String text = Files.readString(f);
          Matcher m = literal.matcher(text);
          while (m.find()) {
            names.add(m.group(1));
          }
          Matcher key = setting.matcher(text);
          while (id != null && key.find()) {
            names.add("IOC_" + id + "_" + key.group(1));
          }
        }
      }
    }
    assertThat(names)
        .as("the scan finds what ServerCommand and the features read")
        .contains(
            "IOC_DB_URL",
            "IOC_NODE_ID",
            "IOC_MQTT_SHARE_GROUP",
            "IOC_JWT_SECRET",
            "IOC_SHARING_SECRET_KEY",
            "IOC_WATER_WQI_CHECK_MINUTES");
    return names;
  }

  /** Variables a shell script reads as {@code ${IOC_…}}. */
  private static Set<String> variablesRead(String script) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{(IOC_[A-Z0-9_]+)").matcher(script);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  // ---------------------------------------------------------------- YAML

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(options);
  }

  private static Map<String, Object> yamlMap(String text) {
    return map(yaml().load(text));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static List<String> strings(Object o) {
    return list(o).stream().map(String::valueOf).toList();
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  private static Map<String, String> stringMap(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    map(o).forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
    return out;
  }
}
