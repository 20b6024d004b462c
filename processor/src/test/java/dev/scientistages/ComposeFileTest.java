package dev.scientistages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scientistages.config.EnvironmentMapping;
import dev.scientistages.config.Settings;
import dev.scientistages.runtime.OpsServer;
import dev.scientistages.support.RepositoryFiles;
import dev.scientistages.topics.TopicFiles;
import dev.scientistages.topics.TopicSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Keeps docker-compose.yml and the Dockerfile in step with the build where they can drift: the
 * Kafka version, the processor's jar and resources, the settings the processor accepts, the service
 * order. Each failure says what drifted.
 */
class ComposeFileTest {
  private static final Path COMPOSE = RepositoryFiles.path("docker-compose.yml");
  private static final Path DOCKERFILE = RepositoryFiles.path("Dockerfile");
  private static final Path DOCKERIGNORE = RepositoryFiles.path(".dockerignore");
  private static final Path POM = RepositoryFiles.path("pom.xml");
  private static final String PROCESSOR_MODULE = "processor";
  private static final Path PROCESSOR_POM = RepositoryFiles.path(PROCESSOR_MODULE + "/pom.xml");
  private static final Path TOPICS = RepositoryFiles.path("topics");
  private static final String KAFKA_IMAGE = "apache/kafka:";

  private static JsonNode services;
  private static Pom pom;
  private static Dockerfile dockerfile;

  @BeforeAll
  static void readFiles() throws Exception {
    JsonNode compose = new YAMLMapper().readTree(COMPOSE.toFile());
    services = compose.path("services");
    assertThat(services.isObject()).as("%s has no services", COMPOSE).isTrue();
    for (String name : List.of("kafka", "topics", "processor")) {
      assertThat(services.has(name)).as("%s has no service '%s'", COMPOSE, name).isTrue();
    }
    pom = Pom.read(POM, PROCESSOR_POM);
    dockerfile = Dockerfile.read(DOCKERFILE);
  }

  // (a) The broker is the Kafka of the pom.

  @Test
  void shouldRunTheKafkaImageOfThePomsKafkaVersion() {
    assertThat(image("kafka"))
        .as("service kafka's image (pom.xml has kafka.version %s)", pom.kafkaVersion())
        .isEqualTo(KAFKA_IMAGE + pom.kafkaVersion());
    services
        .properties()
        .forEach(
            s -> {
              String image = s.getValue().path("image").asText("");
              if (image.startsWith(KAFKA_IMAGE)) {
                assertThat(image.substring(KAFKA_IMAGE.length()))
                    .as(
                        "service %s's apache/kafka tag differs from pom.xml's kafka.version",
                        s.getKey())
                    .isEqualTo(pom.kafkaVersion());
              }
            });
  }

  // (b) The topics step is the processor image's own `topics create`, on the processor's cluster.

  @Test
  void shouldCreateTheTopicsWithTheProcessorsOwnVerb() {
    JsonNode topics = services.path("topics");
    JsonNode processor = services.path("processor");
    assertThat(topics.path("build").asText())
        .as("service topics is not built as service processor is (the same image)")
        .isEqualTo(processor.path("build").asText());
    assertThat(image("topics"))
        .as("service topics' image is not service processor's")
        .isEqualTo(image("processor"))
        .isNotEmpty();
    List<String> command = new ArrayList<>();
    topics.path("command").forEach(c -> command.add(c.asText()));
    assertThat(command).as("service topics' command").containsExactly("topics", "create");
    assertThat(topics.has("entrypoint"))
        .as("service topics replaces the image's entrypoint")
        .isFalse();

    Map<String, String> env = environment(topics);
    assertThatCode(() -> Settings.load(Optional.empty(), env, Map.of()))
        .as("service topics' environment would stop topics create at start-up")
        .doesNotThrowAnyException();
    Settings created = Settings.load(Optional.empty(), env, Map.of());
    Settings used = Settings.load(Optional.empty(), environment(processor), Map.of());
    assertThat(created.bootstrapServers())
        .as("service topics creates the topics on another cluster than service processor uses")
        .isPresent()
        .isEqualTo(used.bootstrapServers());
    assertThat(List.of(created.inputTopic(), created.outputTopic(), created.deadLetterTopic()))
        .as("service topics creates other topics than service processor uses")
        .isEqualTo(List.of(used.inputTopic(), used.outputTopic(), used.deadLetterTopic()));
    assertThat(used.topicsCreate())
        .as("service processor creates topics itself: the topics step should be the only one")
        .isFalse();
  }

  // (c) The processor's environment is settings the application knows.

  @Test
  void shouldStartTheProcessorWithOnlySettingsItKnows() {
    Map<String, String> env = environment(services.path("processor"));
    assertThat(env).as("service processor has no environment").isNotEmpty();
    env.forEach(
        (name, value) -> {
          assertThat(name.startsWith("KAFKA_") || name.startsWith("AGES_"))
              .as(
                  "service processor's variable %s is no setting: the application reads only"
                      + " KAFKA_* and AGES_*",
                  name)
              .isTrue();
          assertThat(Settings.KAFKA_SCRIPT_VARIABLES)
              .as("service processor's variable %s is a Kafka script variable, ignored", name)
              .doesNotContain(name);
          Map<String, String> keys = EnvironmentMapping.keysOf(Map.of(name, value));
          assertThat(keys)
              .as("service processor's variable %s maps to no setting", name)
              .hasSize(1);
          String key = keys.keySet().iterator().next();
          assertThat(Settings.isKnown(key))
              .as(
                  "service processor's variable %s sets '%s', which the application does not know",
                  name, key)
              .isTrue();
        });
    assertThatCode(() -> Settings.load(Optional.empty(), env, Map.of()))
        .as("service processor's environment would stop the application at start-up")
        .doesNotThrowAnyException();

    Settings settings = Settings.load(Optional.empty(), env, Map.of());
    assertThat(settings.bootstrapServers())
        .as("service processor has no KAFKA_BOOTSTRAP_SERVERS: it would start an embedded broker")
        .isPresent();
    Set<String> containerListeners = advertisedContainerListeners();
    for (String server : settings.bootstrapServers().get().split(",")) {
      assertThat(containerListeners)
          .as(
              "service processor's bootstrap server %s is none of service kafka's advertised"
                  + " container listeners",
              server.strip())
          .contains(server.strip());
    }
    Map<TopicSpec.Role, TopicSpec> files = TopicFiles.load(TOPICS);
    assertThat(List.of(settings.inputTopic(), settings.outputTopic(), settings.deadLetterTopic()))
        .as(
            "service processor's topics (input, output, dead letters) are not the ones the topics"
                + " step creates from ./%s",
            TOPICS)
        .containsExactly(
            files.get(TopicSpec.Role.INPUT).name(),
            files.get(TopicSpec.Role.OUTPUT).name(),
            files.get(TopicSpec.Role.DEAD_LETTER).name());
  }

  // (d) The image runs the jar the build makes.

  @Test
  void shouldCopyTheJarTheBuildMakes() throws IOException {
    String jar = pom.finalName() + ".jar";
    Dockerfile.Stage runtime = dockerfile.last();
    List<Dockerfile.Copy> jarCopies =
        runtime.copies().stream()
            .filter(
                c -> c.from().isPresent() && c.sources().stream().anyMatch(s -> s.endsWith(".jar")))
            .toList();
    assertThat(jarCopies)
        .as("the Dockerfile's last stage has no single COPY --from=... of a jar")
        .hasSize(1);
    Dockerfile.Copy copy = jarCopies.get(0);
    Dockerfile.Stage build = dockerfile.stage(copy.from().get());
    assertThat(build)
        .as("the Dockerfile has no stage %s to copy the jar from", copy.from().get())
        .isNotNull();
    assertThat(copy.sources()).as("COPY %s copies more than the jar", copy).hasSize(1);
    Path source = build.workdir().resolve(copy.sources().get(0)).normalize();
    assertThat(source)
        .as(
            "the Dockerfile copies %s, but mvn package in %s makes %s/target/%s"
                + " (processor/pom.xml runnable.jar)",
            copy.sources().get(0), build.workdir(), PROCESSOR_MODULE, jar)
        .isEqualTo(build.workdir().resolve(PROCESSOR_MODULE).resolve("target").resolve(jar));

    Path destination = runtime.workdir().resolve(copy.destination()).normalize();
    if (copy.destination().endsWith("/")) {
      destination = destination.resolve(source.getFileName());
    }
    List<String> entrypoint = runtime.entrypoint();
    int jarFlag = entrypoint.indexOf("-jar");
    assertThat(jarFlag)
        .as("the Dockerfile's ENTRYPOINT %s has no -jar", entrypoint)
        .isBetween(0, entrypoint.size() - 2);
    assertThat(runtime.workdir().resolve(entrypoint.get(jarFlag + 1)).normalize())
        .as("the ENTRYPOINT's jar is not where COPY puts it")
        .isEqualTo(destination);

    List<String> ignored = dockerIgnored();
    for (String resourceDir : pom.resourceDirectories()) {
      Path dir = Path.of(resourceDir).normalize();
      assertThat(build.copies().stream().filter(c -> c.from().isEmpty()))
          .as(
              "the Dockerfile's build stage does not COPY %s (a resource directory of pom.xml)",
              resourceDir)
          .anySatisfy(
              c -> assertThat(c.sources()).anySatisfy(s -> assertThat(covers(s, dir)).isTrue()));
      assertThat(ignored)
          .as(
              ".dockerignore leaves %s (a resource directory of pom.xml) out of the build",
              resourceDir)
          .noneSatisfy(
              pattern -> assertThat(dir.startsWith(Path.of(pattern).normalize())).isTrue());
    }
  }

  // (e) The processor can be scaled, is checked and restarted; the services start in order.

  @Test
  void shouldLetTheProcessorScale() {
    JsonNode processor = services.path("processor");
    assertThat(processor.has("container_name"))
        .as("service processor has a container_name: --scale processor=3 would fail")
        .isFalse();
    assertThat(processor.has("ports"))
        .as("service processor publishes host ports: --scale processor=3 would clash")
        .isFalse();
    assertThat(processor.has("build"))
        .as("service processor is not built from the Dockerfile (build:)")
        .isTrue();
    assertThat(processor.path("restart").asText("no"))
        .as("service processor has no restart policy (always, unless-stopped or on-failure)")
        .matches(
            r -> r.equals("always") || r.equals("unless-stopped") || r.startsWith("on-failure"));

    String port = environment(processor).get("AGES_HTTP_PORT");
    assertThat(port).as("service processor does not set AGES_HTTP_PORT").isNotNull();
    assertThat(healthcheck(processor))
        .as("service processor's healthcheck does not probe /health on AGES_HTTP_PORT %s", port)
        .contains("http://localhost:" + port + "/health");
    assertThat(dockerfile.last().exposed())
        .as("the Dockerfile does not EXPOSE AGES_HTTP_PORT %s", port)
        .contains(port);

    // Loopback is the default; a container's health check, probes and Prometheus need more.
    String imageHost = dockerfile.last().env().get("AGES_HTTP_HOST");
    assertThat(imageHost).as("the Dockerfile does not set ENV AGES_HTTP_HOST").isNotNull();
    assertThat(listensOnEveryInterface(imageHost))
        .as("the image's AGES_HTTP_HOST %s is not every interface", imageHost)
        .isTrue();
    String host = environment(processor).getOrDefault("AGES_HTTP_HOST", imageHost);
    assertThat(listensOnEveryInterface(host))
        .as("service processor's AGES_HTTP_HOST %s is not every interface", host)
        .isTrue();
  }

  private static boolean listensOnEveryInterface(String host) {
    return Settings.load(Optional.empty(), Map.of("AGES_HTTP_HOST", host), Map.of())
        .httpHost()
        .isAnyLocalAddress();
  }

  @Test
  void shouldStartTheServicesInOrder() {
    assertThat(healthcheck(services.path("kafka")))
        .as("service kafka has no healthcheck for topics to wait on")
        .isNotBlank();
    assertThat(services.path("topics").path("depends_on").path("kafka").path("condition").asText())
        .as("service topics does not wait for kafka to be healthy")
        .isEqualTo("service_healthy");
    assertThat(
            services.path("processor").path("depends_on").path("topics").path("condition").asText())
        .as("service processor does not wait for topics to complete")
        .isEqualTo("service_completed_successfully");
  }

  // (f) The monitoring profile scrapes every processor and shows the dashboard; plain `up` is as
  // it was.

  @Test
  void shouldMonitorEveryProcessorOnlyInTheMonitoringProfile() throws IOException {
    for (String name : List.of("kafka", "topics", "processor")) {
      assertThat(services.path(name).has("profiles"))
          .as("service %s has profiles: plain `docker compose up` would not start it", name)
          .isFalse();
    }
    for (String name : List.of("prometheus", "grafana")) {
      List<String> profiles = new ArrayList<>();
      services.path(name).path("profiles").forEach(p -> profiles.add(p.asText()));
      assertThat(profiles).as("service %s's profiles", name).containsExactly("monitoring");
    }

    Map<String, Path> prometheusMounts = mounts(services.path("prometheus"));
    Path config = prometheusMounts.get("/etc/prometheus/prometheus.yml");
    assertThat(config).as("service prometheus mounts no prometheus.yml").isNotNull();
    JsonNode job = new YAMLMapper().readTree(config.toFile()).path("scrape_configs").path(0);
    assertThat(job.path("metrics_path").asText(OpsServer.METRICS_PATH))
        .isEqualTo(OpsServer.METRICS_PATH);
    JsonNode dns = job.path("dns_sd_configs").path(0);
    List<String> names = new ArrayList<>();
    dns.path("names").forEach(n -> names.add(n.asText()));
    assertThat(names)
        .as("Prometheus does not look up the processor service (every replica's address)")
        .containsExactly("processor");
    assertThat(dns.path("port").asText())
        .as("Prometheus scrapes another port than the processor's AGES_HTTP_PORT")
        .isEqualTo(environment(services.path("processor")).get("AGES_HTTP_PORT"));

    Map<String, Path> grafanaMounts = mounts(services.path("grafana"));
    Path provisioning = grafanaMounts.get("/etc/grafana/provisioning");
    assertThat(provisioning).as("service grafana mounts no provisioning").isNotNull();
    YAMLMapper yaml = new YAMLMapper();
    JsonNode source =
        yaml.readTree(provisioning.resolve("datasources/prometheus.yml").toFile())
            .path("datasources")
            .path(0);
    assertThat(source.path("url").asText())
        .as("Grafana's data source is not service prometheus")
        .isEqualTo("http://prometheus:9090");
    String dashboardsIn =
        yaml.readTree(provisioning.resolve("dashboards/scientist-ages.yml").toFile())
            .path("providers")
            .path(0)
            .path("options")
            .path("path")
            .asText();
    Path dashboards = grafanaMounts.get(dashboardsIn);
    assertThat(dashboards).as("nothing is mounted where Grafana looks for dashboards").isNotNull();
    try (var files = Files.list(dashboards)) {
      List<Path> json = files.filter(f -> f.toString().endsWith(".json")).toList();
      assertThat(json).as("dashboards in %s", dashboards).isNotEmpty();
      for (Path dashboard : json) {
        List<String> uids = new ArrayList<>();
        new ObjectMapper()
            .readTree(dashboard.toFile())
            .findValues("datasource")
            .forEach(d -> uids.add(d.path("uid").asText()));
        assertThat(uids)
            .as("%s uses a data source other than the provisioned one", dashboard)
            .isNotEmpty()
            .containsOnly(source.path("uid").asText());
      }
    }
  }

  /** A service's bind mounts: container path → host path (relative to the compose file). */
  private static Map<String, Path> mounts(JsonNode service) {
    Map<String, Path> out = new LinkedHashMap<>();
    service
        .path("volumes")
        .forEach(
            v -> {
              String[] parts = v.asText().split(":");
              if (parts.length >= 2 && parts[0].startsWith(".")) {
                Path host = COMPOSE.getParent().resolve(parts[0]).normalize();
                assertThat(host).as("service volume %s", v.asText()).exists();
                out.put(parts[1], host);
              }
            });
    return out;
  }

  // Compose file helpers.

  private static String image(String service) {
    return services.path(service).path("image").asText("");
  }

  /** A service's environment, in either of compose's forms (map or list of NAME=VALUE). */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = service.path("environment");
    if (node.isObject()) {
      node.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        String s = item.asText();
        int eq = s.indexOf('=');
        env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
      }
    }
    return env;
  }

  /** True if a COPY source (relative to the build context) includes this directory. */
  private static boolean covers(String copySource, Path dir) {
    Path source = Path.of(copySource).normalize();
    return source.toString().isEmpty() || source.toString().equals(".") || dir.startsWith(source);
  }

  private static String healthcheck(JsonNode service) {
    JsonNode test = service.path("healthcheck").path("test");
    if (test.isArray()) {
      List<String> parts = new ArrayList<>();
      test.forEach(t -> parts.add(t.asText()));
      return String.join(" ", parts);
    }
    return test.asText("");
  }

  /** Service kafka's advertised listeners other than localhost: the ones containers can reach. */
  private static Set<String> advertisedContainerListeners() {
    String advertised =
        environment(services.path("kafka")).getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
    Set<String> out = new HashSet<>();
    for (String listener : advertised.split(",")) {
      String hostPort = listener.strip().replaceFirst("^[A-Za-z0-9_]+://", "");
      if (!hostPort.startsWith("localhost:") && !hostPort.startsWith("127.")) {
        out.add(hostPort);
      }
    }
    return out;
  }

  private static List<String> dockerIgnored() throws IOException {
    if (!Files.exists(DOCKERIGNORE)) {
      return List.of();
    }
    return Files.readAllLines(DOCKERIGNORE, StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("!"))
        .map(l -> l.replaceFirst("^/+", "").replaceFirst("/+$", ""))
        .filter(l -> !l.contains("*") && !l.contains("?"))
        .toList();
  }

  // pom.xml

  /** The parent POM's Kafka version, and the processor module's runnable jar and resources. */
  private record Pom(String kafkaVersion, String finalName, List<String> resourceDirectories) {
    static Pom read(Path parent, Path processor) throws Exception {
      XPath x = XPathFactory.newInstance().newXPath();
      Document parentDoc = xml(parent);
      Document doc = xml(processor);
      String kafkaVersion = x.evaluate("/project/properties/kafka.version", parentDoc).strip();
      String jar = x.evaluate("/project/properties/runnable.jar", doc).strip();
      NodeList dirs =
          (NodeList)
              x.evaluate(
                  "/project/build/resources/resource/directory", doc, XPathConstants.NODESET);
      List<String> resourceDirs = new ArrayList<>();
      for (int i = 0; i < dirs.getLength(); i++) {
        String dir = dirs.item(i).getTextContent().strip();
        // Relative to the repository's top, as the Dockerfile's COPY sources are.
        resourceDirs.add(
            dir.startsWith("${root.dir}/")
                ? dir.substring("${root.dir}/".length())
                : PROCESSOR_MODULE + "/" + dir);
      }
      assertThat(kafkaVersion).as("pom.xml has no kafka.version property").isNotEmpty();
      assertThat(jar).as("processor/pom.xml has no runnable.jar property").endsWith(".jar");
      return new Pom(kafkaVersion, jar.substring(0, jar.length() - 4), resourceDirs);
    }

    private static Document xml(Path file) throws Exception {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      return f.newDocumentBuilder().parse(file.toFile());
    }
  }

  // Dockerfile: just enough of it (stages, WORKDIR, COPY, ENTRYPOINT, EXPOSE, ENV).

  private record Dockerfile(List<Stage> stages) {
    record Copy(Optional<String> from, List<String> sources, String destination) {}

    record Stage(
        String name,
        Path workdir,
        List<Copy> copies,
        List<String> entrypoint,
        List<String> exposed,
        Map<String, String> env) {}

    Stage last() {
      return stages.get(stages.size() - 1);
    }

    Stage stage(String nameOrIndex) {
      for (int i = 0; i < stages.size(); i++) {
        if (nameOrIndex.equalsIgnoreCase(stages.get(i).name())
            || nameOrIndex.equals(Integer.toString(i))) {
          return stages.get(i);
        }
      }
      return null;
    }

    static Dockerfile read(Path file) throws IOException {
      String joined = Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\\\\\r?\\n", " ");
      List<Stage> stages = new ArrayList<>();
      String name = null;
      Path workdir = Path.of("/");
      List<Copy> copies = new ArrayList<>();
      List<String> entrypoint = List.of();
      List<String> exposed = new ArrayList<>();
      Map<String, String> env = new LinkedHashMap<>();
      for (String raw : joined.split("\\r?\\n")) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] words = line.split("\\s+", 2);
        String instruction = words[0].toUpperCase(java.util.Locale.ROOT);
        String rest = words.length > 1 ? words[1].strip() : "";
        switch (instruction) {
          case "FROM" -> {
            if (name != null) {
              stages.add(new Stage(name, workdir, copies, entrypoint, exposed, env));
            }
            String[] from = rest.split("\\s+");
            name =
                from.length >= 3 && from[from.length - 2].equalsIgnoreCase("AS")
                    ? from[from.length - 1]
                    : Integer.toString(stages.size());
            workdir = Path.of("/");
            copies = new ArrayList<>();
            entrypoint = List.of();
            exposed = new ArrayList<>();
            env = new LinkedHashMap<>();
          }
          case "WORKDIR" -> workdir = workdir.resolve(rest).normalize();
          case "COPY" -> {
            Optional<String> fromStage = Optional.empty();
            List<String> paths = new ArrayList<>();
            for (String word : rest.split("\\s+")) {
              if (word.startsWith("--from=")) {
                fromStage = Optional.of(word.substring("--from=".length()));
              } else if (!word.startsWith("--")) {
                paths.add(word);
              }
            }
            copies.add(
                new Copy(
                    fromStage,
                    List.copyOf(paths.subList(0, paths.size() - 1)),
                    paths.get(paths.size() - 1)));
          }
          case "ENTRYPOINT" -> {
            List<String> e = new ArrayList<>();
            new ObjectMapper().readTree(rest).forEach(n -> e.add(n.asText()));
            entrypoint = e;
          }
          case "EXPOSE" -> {
            for (String port : rest.split("\\s+")) {
              exposed.add(port.replaceFirst("/.*$", ""));
            }
          }
          case "ENV" -> {
            // ENV KEY=VALUE ..., or the older ENV KEY VALUE; values here need no quoting.
            String[] first = rest.split("\\s+", 2);
            if (!first[0].contains("=")) {
              env.put(first[0], first.length > 1 ? first[1].strip() : "");
            } else {
              for (String pair : rest.split("\\s+")) {
                int eq = pair.indexOf('=');
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
              }
            }
          }
          default -> {
            // Not needed for these checks.
          }
        }
      }
      assertThat(name).as("%s has no FROM", file).isNotNull();
      stages.add(new Stage(name, workdir, copies, entrypoint, exposed, env));
      return new Dockerfile(stages);
    }
  }
}
