package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What {@link ComposeFilesTest} and {@link KubernetesManifestsTest} share in checking the
 * deployment files of issue 19 (docs/deployment.md): where the files are, what a node must be
 * given, the checks of what the files must agree on (the variables a node is given are ones the
 * server reads, the share group is one and the node ids are distinct, Prometheus scrapes every node
 * with the scraper credential's HTTP Basic and never a token, images are pinned, the Secrets the
 * docs create are those the manifests reference, a file against its schema), the scan of the
 * variables the server reads, and reading YAML.
 *
 * <p>Each check returns its problems as text, and the negative tests feed it broken input to prove
 * it finds them.
 */
final class DeploymentChecks {
  static final Path DEPLOY = Path.of("").toAbsolutePath();
  static final Path ROOT = DEPLOY.getParent();
  static final Path COMPOSE_DIR = DEPLOY.resolve("compose");
  static final Path DOCS = ROOT.resolve("docs/deployment.md");
  static final String IOC_IMAGE = "cantho-ioc/ioc-server";

  /** What a node must be given to run in a share group against external services. */
  static final Set<String> NODE_REQUIRES =
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

  private DeploymentChecks() {}

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
    try (InputStream in = DeploymentChecks.class.getResourceAsStream(schemaResource)) {
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

  // ---------------------------------------------------------------- compose and Kubernetes

  static int portOption(List<?> command) {
    List<String> words = command.stream().map(String::valueOf).toList();
    int i = words.indexOf("--port");
    assertThat(i).as("--port in %s", words).isNotNegative();
    return Integer.parseInt(words.get(i + 1));
  }

  static String scraperName(Map<String, Object> config) {
    for (Object o : list(config.get("scrape_configs"))) {
      Map<String, Object> basic = map(map(o).get("basic_auth"));
      if (!basic.isEmpty()) {
        return str(basic.get("username"));
      }
    }
    throw new AssertionError("no basic_auth");
  }

  // ---------------------------------------------------------------- what the server reads

  /**
   * The environment variables the node's code reads: every {@code "IOC_…"} string literal in the
   * main sources of the modules ioc-server.jar holds (all but the simulators), and each feature's
   * settings, {@code IOC_<ID>_<KEY>} for every {@code config.get("KEY")} or {@code
   * config.number("KEY", …)} of the feature's module (FeatureConfig).
   */
  static Set<String> serverVariables() throws IOException {
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
  static Set<String> variablesRead(String script) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{(IOC_[A-Z0-9_]+)").matcher(script);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  // ---------------------------------------------------------------- YAML

  static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(options);
  }

  static Map<String, Object> yamlMap(String text) {
    return map(yaml().load(text));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  static List<String> strings(Object o) {
    return list(o).stream().map(String::valueOf).toList();
  }

  static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  static Map<String, String> stringMap(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    map(o).forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
    return out;
  }
}
