package dev.scientistages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scientistages.config.EnvironmentMapping;
import dev.scientistages.config.Settings;
import dev.scientistages.support.RepositoryFiles;
import dev.scientistages.topics.TopicFiles;
import dev.scientistages.topics.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Keeps docker-compose.yml, the Dockerfile and docker/create-topics.sh in step with the build: the
 * pom (Kafka version, jar name, resources), the topic files and the settings the application
 * accepts. Each failure says what drifted.
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

  @TempDir Path tmp;

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
    assertThat(image("topics"))
        .as("service topics' image: kafka-topics.sh of the broker's version")
        .isEqualTo(image("kafka"));
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

  // (b) The topics step sees every topic file, and reads it as the application does.

  @Test
  void shouldShowTheTopicsStepEveryTopicFile() throws IOException {
    JsonNode topics = services.path("topics");
    Optional<Mount> topicMount =
        mounts(topics).stream().filter(m -> sameFile(m.source(), TOPICS.toString())).findFirst();
    assertThat(topicMount)
        .as("service topics does not mount ./%s (the topic files) at all", TOPICS)
        .isPresent();
    assertThat(topicMount.get().readOnly())
        .as("service topics mounts ./%s writable; mount it :ro", TOPICS)
        .isTrue();

    Path script = topicsScript();
    String text = Files.readString(script, StandardCharsets.UTF_8);
    String dir =
        Optional.ofNullable(environment(topics).get("TOPICS_DIR"))
            .orElseGet(() -> scriptDefault(text, "TOPICS_DIR"));
    assertThat(dir)
        .as(
            "the directory %s reads topic files from is not where service topics mounts ./%s",
            script, TOPICS)
        .isEqualTo(topicMount.get().target());
    assertThat(text)
        .as("%s does not glob every *.properties file of the topics directory", script)
        .contains("\"$topics_dir\"/*.properties");

    assertThat(topicFiles()).as("no topic files in ./%s", TOPICS).isNotEmpty();
    try (Stream<Path> all = Files.list(TOPICS)) {
      assertThat(all.map(f -> f.getFileName().toString()))
          .as(
              "./%s holds more than topic files (*.properties): neither the topics step nor the"
                  + " application reads the others",
              TOPICS)
          .allMatch(f -> f.endsWith(".properties"));
    }
  }

  @Test
  void shouldCreateWhatTheTopicFilesDeclare() throws Exception {
    assumeThat(Path.of("/bin/sh")).as("a POSIX shell to run the script").isExecutable();
    Path script = topicsScript();
    Path out = tmp.resolve("calls.txt");
    Path fake = tmp.resolve("kafka-topics.sh");
    Files.writeString(
        fake,
        "#!/bin/sh\n"
            + "for a in \"$@\"; do printf '%s\\n' \"$a\"; done >> \"$FAKE_OUT\"\n"
            + "printf '%s\\n' '--end--' >> \"$FAKE_OUT\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    String bootstrap = topicsBootstrap(Files.readString(script, StandardCharsets.UTF_8));

    ProcessBuilder pb =
        new ProcessBuilder("/bin/sh", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("script.log").toFile());
    pb.environment().put("TOPICS_DIR", TOPICS.toAbsolutePath().toString());
    pb.environment().put("BOOTSTRAP_SERVERS", bootstrap);
    pb.environment().put("KAFKA_TOPICS_SH", fake.toString());
    pb.environment().put("FAKE_OUT", out.toString());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s did not finish", script).isTrue();
    String log = Files.readString(tmp.resolve("script.log"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s failed on ./%s:%n%s", script, TOPICS, log).isZero();

    Map<String, List<String>> calls = new LinkedHashMap<>();
    List<String> current = new ArrayList<>();
    for (String arg : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (arg.equals("--end--")) {
        calls.put(current.get(current.indexOf("--topic") + 1), current);
        current = new ArrayList<>();
      } else {
        current.add(arg);
      }
    }
    List<Path> files = topicFiles();
    assertThat(calls)
        .as(
            "%s ran kafka-topics.sh %d times for %d topic files",
            script, calls.size(), files.size())
        .hasSize(files.size());
    for (Path file : files) {
      TopicSpec spec;
      try (InputStream in = Files.newInputStream(file)) {
        spec = TopicFiles.parse(file.getFileName().toString(), in);
      }
      List<String> args = calls.get(spec.name());
      assertThat(args).as("%s created no topic %s (of %s)", script, spec.name(), file).isNotNull();
      List<String> head =
          new ArrayList<>(
              List.of(
                  "--bootstrap-server",
                  bootstrap,
                  "--create",
                  "--if-not-exists",
                  "--topic",
                  spec.name(),
                  "--partitions",
                  Integer.toString(spec.partitions())));
      spec.replicationFactor()
          .ifPresent(rf -> head.addAll(List.of("--replication-factor", rf.toString())));
      int configsAt = args.contains("--config") ? args.indexOf("--config") : args.size();
      assertThat(args.subList(0, configsAt))
          .as("%s: kafka-topics.sh arguments differ from what the application reads", file)
          .isEqualTo(head);
      Set<String> configs = new HashSet<>();
      for (int i = configsAt; i < args.size(); i += 2) {
        assertThat(args.get(i)).as("%s: argument %d of %s", file, i, args).isEqualTo("--config");
        configs.add(args.get(i + 1));
      }
      Set<String> expected = new HashSet<>();
      spec.configs().forEach((k, v) -> expected.add(k + "=" + v));
      assertThat(configs)
          .as("%s: topic configs (--config) differ from the file's config.* keys", file)
          .isEqualTo(expected);
    }
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

  private record Mount(String source, String target, boolean readOnly) {}

  /** A service's volumes, in either of compose's forms (short or long syntax). */
  private static List<Mount> mounts(JsonNode service) {
    List<Mount> out = new ArrayList<>();
    for (JsonNode v : service.path("volumes")) {
      if (v.isObject()) {
        out.add(
            new Mount(
                v.path("source").asText(),
                v.path("target").asText(),
                v.path("read_only").asBoolean(false)));
      } else {
        String[] parts = v.asText().split(":");
        if (parts.length >= 2) {
          boolean ro = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
          out.add(new Mount(parts[0], parts[1], ro));
        }
      }
    }
    return out;
  }

  /** True if a COPY source (relative to the build context) includes this directory. */
  private static boolean covers(String copySource, Path dir) {
    Path source = Path.of(copySource).normalize();
    return source.toString().isEmpty() || source.toString().equals(".") || dir.startsWith(source);
  }

  private static boolean sameFile(String composePath, String repoPath) {
    return RepositoryFiles.path(composePath).equals(Path.of(repoPath).normalize());
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

  /** The script service topics runs: its entrypoint's .sh, mounted from the repository. */
  private static Path topicsScript() {
    JsonNode topics = services.path("topics");
    List<String> entrypoint = new ArrayList<>();
    JsonNode node = topics.path("entrypoint");
    if (node.isArray()) {
      node.forEach(n -> entrypoint.add(n.asText()));
    } else {
      entrypoint.addAll(List.of(node.asText("").split("\\s+")));
    }
    String inContainer =
        entrypoint.stream().filter(s -> s.endsWith(".sh")).findFirst().orElse(null);
    assertThat(inContainer)
        .as("service topics' entrypoint %s runs no .sh script", entrypoint)
        .isNotNull();
    Mount mount =
        mounts(topics).stream()
            .filter(m -> m.target().equals(inContainer))
            .findFirst()
            .orElse(null);
    assertThat(mount)
        .as("service topics runs %s, which it does not mount from the repository", inContainer)
        .isNotNull();
    Path script = RepositoryFiles.path(mount.source());
    assertThat(script).as("service topics mounts %s, which does not exist", script).isRegularFile();
    assertThat(script.startsWith(TOPICS))
        .as("the script %s sits in ./%s, which holds topic files only", script, TOPICS)
        .isFalse();
    return script;
  }

  /** The bootstrap servers service topics passes to the script, or the script's default. */
  private static String topicsBootstrap(String scriptText) {
    String bootstrap =
        Optional.ofNullable(environment(services.path("topics")).get("BOOTSTRAP_SERVERS"))
            .orElseGet(() -> scriptDefault(scriptText, "BOOTSTRAP_SERVERS"));
    assertThat(advertisedContainerListeners())
        .as("service topics' bootstrap server %s is none of kafka's container listeners", bootstrap)
        .contains(bootstrap);
    return bootstrap;
  }

  private static String scriptDefault(String scriptText, String variable) {
    Matcher m =
        Pattern.compile("\\$\\{" + Pattern.quote(variable) + ":-([^}]*)}").matcher(scriptText);
    assertThat(m.find()).as("the topics script has no default for %s", variable).isTrue();
    return m.group(1);
  }

  private static List<Path> topicFiles() throws IOException {
    try (Stream<Path> files = Files.list(TOPICS)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".properties"))
          .sorted()
          .toList();
    }
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

  // Dockerfile: just enough of it (stages, WORKDIR, COPY, ENTRYPOINT, EXPOSE).

  private record Dockerfile(List<Stage> stages) {
    record Copy(Optional<String> from, List<String> sources, String destination) {}

    record Stage(
        String name,
        Path workdir,
        List<Copy> copies,
        List<String> entrypoint,
        List<String> exposed) {}

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
              stages.add(new Stage(name, workdir, copies, entrypoint, exposed));
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
          default -> {
            // Not needed for these checks.
          }
        }
      }
      assertThat(name).as("%s has no FROM", file).isNotNull();
      stages.add(new Stage(name, workdir, copies, entrypoint, exposed));
      return new Dockerfile(stages);
    }
  }
}
