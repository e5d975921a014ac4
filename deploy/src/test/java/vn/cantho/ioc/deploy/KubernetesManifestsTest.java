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
import static vn.cantho.ioc.deploy.DeploymentChecks.pinProblems;
import static vn.cantho.ioc.deploy.DeploymentChecks.portOption;
import static vn.cantho.ioc.deploy.DeploymentChecks.schemaProblems;
import static vn.cantho.ioc.deploy.DeploymentChecks.scrapeProblems;
import static vn.cantho.ioc.deploy.DeploymentChecks.scraperName;
import static vn.cantho.ioc.deploy.DeploymentChecks.secretsCreated;
import static vn.cantho.ioc.deploy.DeploymentChecks.serverVariables;
import static vn.cantho.ioc.deploy.DeploymentChecks.str;
import static vn.cantho.ioc.deploy.DeploymentChecks.strings;
import static vn.cantho.ioc.deploy.DeploymentChecks.variableProblems;
import static vn.cantho.ioc.deploy.DeploymentChecks.variablesRead;
import static vn.cantho.ioc.deploy.DeploymentChecks.yaml;
import static vn.cantho.ioc.deploy.DeploymentChecks.yamlMap;

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
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kubernetes deployment of issue 19, {@code deploy/k8s}, read and checked without a cluster,
 * which the build does not have (docs/deployment.md):
 *
 * <ul>
 *   <li>every manifest read into Kubernetes' own types (fabric8's model, generated from Kubernetes'
 *       OpenAPI) with unknown fields and mistyped scalars refused, as the API server refuses them;
 *       the kustomization against its own schema;
 *   <li>what the files must agree on: the variables a node is given are ones the server reads,
 *       every secret referenced is created by the commands in docs/deployment.md, Prometheus
 *       scrapes every node with the scraper credential's HTTP Basic and never a token, Kafka's
 *       voters are its pods, ports, selectors and names meet;
 *   <li>every image is pinned to a version: the manifests', and with them compose's and the node's
 *       Dockerfile's.
 * </ul>
 *
 * The checks are in {@link DeploymentChecks}, shared with {@link ComposeFilesTest}: each returns
 * its problems as text, and the negative tests feed it broken input to prove it finds them.
 */
class KubernetesManifestsTest {
  private static final Path K8S_DIR = DEPLOY.resolve("k8s");

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
    List<String> problems = new ArrayList<>();
    manifests = new ArrayList<>();
    for (Path file : manifestFiles()) {
      manifests.addAll(readManifests(K8S_DIR.relativize(file).toString(), file, problems));
    }
    unreadable = problems;
    serverVariables = serverVariables();
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

  // ---------------------------------------------------------------- images, compose's too

  @Test
  void everyImageIsPinnedToAVersion() throws IOException {
    List<String> images = new ArrayList<>();
    // The compose file, read here for its images alone (ComposeFilesTest checks the rest).
    Map<String, Object> compose = yamlMap(Files.readString(COMPOSE_DIR.resolve("compose.yaml")));
    map(compose.get("services")).values().forEach(s -> images.add(str(map(s).get("image"))));
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
}
