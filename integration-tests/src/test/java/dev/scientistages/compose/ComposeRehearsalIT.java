package dev.scientistages.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scientistages.runtime.OpsServer;
import dev.scientistages.serde.JsonSerde;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.support.ClassicExample;
import dev.scientistages.support.Kcat;
import dev.scientistages.support.LocalHttp;
import dev.scientistages.support.RepositoryFiles;
import dev.scientistages.support.TopicContracts;
import dev.scientistages.toolkit.BrokerJvm;
import dev.scientistages.toolkit.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml played with local processes, since no Docker engine runs here: what the
 * compose file says at run time, taken from the file itself.
 *
 * <ul>
 *   <li>{@code kafka}: a real broker (Kafka's own {@code kafka.Kafka}, the pom's version, as its
 *       own JVM) configured from the service's environment by the apache/kafka image's documented
 *       rule ({@code KAFKA_X_Y} → {@code x.y}, {@code __} → {@code _}, {@code ___} → {@code -}),
 *       its storage formatted with {@code CLUSTER_ID}, healthy when its healthcheck's address
 *       answers;
 *   <li>{@code topics}: the processor's jar with the service's environment and command, which must
 *       complete successfully;
 *   <li>{@code processor}: two replicas with exactly the service's environment and the image's
 *       command, each healthy by its healthcheck's URL and ready, sharing the input's partitions.
 * </ul>
 *
 * <p>Each container has its own network and {@code /tmp}; here every address a service is reached
 * at ({@code kafka:19092}, the published {@code localhost:9092}, a replica's {@code
 * localhost:8080}) becomes a free loopback port, and each process gets a temporary directory of its
 * own. Then the classic example, produced and read as docs/operations.md (Docker Compose) does with
 * kcat from the host, must give the classic ages, and the two bad lines must be in the dead letters
 * as {@code consume --dead-letters} shows them, and {@code redrive} must count them and send one
 * back as docs/redrive.md runs it. Images, volumes' persistence, restart policies and the start-up
 * order's timing are not rehearsed (docs/development.md says so).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ComposeRehearsalIT {
  private static final Path COMPOSE = RepositoryFiles.path("docker-compose.yml");
  private static final Path DOCKERFILE = RepositoryFiles.path("Dockerfile");
  private static final int REPLICAS = 2;

  /** Variables the apache/kafka image reads itself and never turns into broker properties. */
  private static final Set<String> IMAGE_VARIABLES =
      Set.of(
          "KAFKA_VERSION",
          "KAFKA_HEAP_OPTS",
          "KAFKA_LOG4J_OPTS",
          "KAFKA_OPTS",
          "KAFKA_JMX_OPTS",
          "KAFKA_JVM_PERFORMANCE_OPTS",
          "KAFKA_GC_LOG_OPTS",
          "KAFKA_LOG4J_ROOT_LOGLEVEL",
          "KAFKA_LOG4J_LOGGERS",
          "KAFKA_TOOLS_LOG4J_LOGLEVEL",
          "KAFKA_JMX_HOSTNAME",
          "KAFKA_JMX_PORT");

  /** The compose steps of docs/operations.md: the classic seven and two bad lines, key|value. */
  private static final List<String> BAD_LINES =
      List.of(
          "Nobody|this is not JSON",
          "Time Traveller|{\"name\": \"Time Traveller\", \"born\": 2999}");

  @TempDir Path dir;

  private JsonNode services;

  /** Container ports of service kafka → loopback ports; and its published host ports. */
  private final Map<Integer, Integer> kafkaPorts = new HashMap<>();

  private final Map<Integer, Integer> published = new HashMap<>();
  private Set<String> kafkaHosts;

  @Test
  void shouldPlayTheComposeFileWithLocalProcesses() throws Exception {
    Kcat.requireInstalled();
    services = new YAMLMapper().readTree(COMPOSE.toFile()).path("services");
    JsonNode kafka = services.path("kafka");
    kafkaHosts = new HashSet<>(List.of("kafka", kafka.path("hostname").asText("kafka")));
    kafka
        .path("ports")
        .forEach(
            p -> {
              String[] hostAndContainer = p.asText().split(":");
              published.put(
                  Integer.parseInt(hostAndContainer[hostAndContainer.length - 2]),
                  Integer.parseInt(hostAndContainer[hostAndContainer.length - 1]));
            });

    try (BrokerJvm broker = startKafka(kafka)) {
      runTopics(services.path("topics"));

      List<AppProcess> replicas = new ArrayList<>();
      try {
        List<Integer> healthPorts = new ArrayList<>();
        for (int i = 1; i <= REPLICAS; i++) {
          int[] port = new int[1];
          replicas.add(startProcessor(services.path("processor"), i, port));
          healthPorts.add(port[0]);
        }
        for (int i = 0; i < REPLICAS; i++) {
          awaitHealthyAndReady(replicas.get(i), healthPorts.get(i));
        }
        awaitPartitionsShared(healthPorts);
        playTheClassicExample();
        readTheDeadLetters();
        redriveTheDeadLetters();

        Duration grace = duration(services.path("processor").path("stop_grace_period"));
        for (AppProcess replica : replicas) {
          long asked = System.nanoTime();
          assertThat(replica.stop(grace.plusSeconds(15)))
              .as("a replica's exit code on SIGTERM")
              .isIn(0, 143);
          assertThat(Duration.ofNanos(System.nanoTime() - asked))
              .as("a replica's stop against the service's stop_grace_period")
              .isLessThan(grace);
        }
      } finally {
        replicas.forEach(AppProcess::close);
      }
      assertThat(broker.stop()).as("the broker's exit code on SIGTERM").isIn(0, 143);
    }
  }

  // kafka

  private BrokerJvm startKafka(JsonNode kafka) throws IOException {
    Map<String, String> env = environment(kafka);
    Properties props = new Properties();
    env.forEach(
        (name, value) -> {
          if (name.startsWith("KAFKA_") && !IMAGE_VARIABLES.contains(name)) {
            String key = brokerProperty(name);
            assertThat(isBrokerConfig(key))
                .as("service kafka's %s sets '%s', which the broker does not know", name, key)
                .isTrue();
            props.setProperty(key, inKafkaContainer(key, value));
          }
        });
    // Named volumes: the container's path is a directory of this test.
    kafka
        .path("volumes")
        .forEach(
            v -> {
              String[] parts = v.asText().split(":");
              Path local = dir.resolve("volume-" + parts[0]);
              props.replaceAll((k, value) -> value.toString().replace(parts[1], local.toString()));
            });
    String clusterId = env.get("CLUSTER_ID");
    assertThat(clusterId).as("service kafka has no CLUSTER_ID to format its storage").isNotBlank();
    Matcher health = Pattern.compile("--bootstrap-server\\s+(\\S+)").matcher(healthcheck(kafka));
    assertThat(health.find())
        .as("service kafka's healthcheck names no --bootstrap-server")
        .isTrue();
    int healthPort = port(inKafkaContainer("healthcheck", health.group(1)));
    Path brokerDir = Files.createDirectories(dir.resolve("kafka"));
    return BrokerJvm.startConfigured(brokerDir, props, clusterId, healthPort);
  }

  /** The apache/kafka image's rule: KAFKA_ dropped, ___ → -, __ → _, _ → ., lower case. */
  static String brokerProperty(String variable) {
    return variable
        .substring("KAFKA_".length())
        .replace("___", "\u0000")
        .replace("__", "\u0001")
        .replace('_', '.')
        .replace('\u0000', '-')
        .replace('\u0001', '_')
        .toLowerCase(Locale.ROOT);
  }

  private static boolean isBrokerConfig(String key) {
    return AbstractKafkaConfig.CONFIG_DEF.names().contains(key) || key.startsWith("listener.name.");
  }

  // topics

  private void runTopics(JsonNode topics) throws IOException {
    assertThat(topics.path("depends_on").path("kafka").path("condition").asText())
        .isEqualTo("service_healthy");
    List<String> command = new ArrayList<>();
    topics.path("command").forEach(c -> command.add(c.asText()));
    try (AppProcess step =
        AppProcess.start(
            dir,
            "topics",
            containerEnvironment(topics, Map.of()),
            ownTmp("topics"),
            command.toArray(String[]::new))) {
      assertThat(step.awaitExit(Duration.ofSeconds(120)))
          .as(
              "service topics' exit code (processor waits for its success); output:%n%s%s",
              step.stdout(), step.stderr())
          .isZero();
    }
  }

  // processor

  private AppProcess startProcessor(JsonNode processor, int replica, int[] healthPort)
      throws IOException {
    assertThat(processor.path("depends_on").path("topics").path("condition").asText())
        .isEqualTo("service_completed_successfully");
    // The replica's own localhost: the port its healthcheck probes is a port of its own here.
    int containerPort = port(url(processor).replaceFirst("^https?://", "").replaceFirst("/.*", ""));
    healthPort[0] = Ports.freeOutsideEphemeralRange();
    Map<String, String> env =
        containerEnvironment(
            processor, Map.of(Integer.toString(containerPort), Integer.toString(healthPort[0])));
    List<String> command = new ArrayList<>();
    processor.path("command").forEach(c -> command.add(c.asText()));
    if (command.isEmpty()) {
      command.addAll(imageCommand());
    }
    return AppProcess.start(
        dir,
        "processor-" + replica,
        env,
        ownTmp("processor-" + replica),
        command.toArray(String[]::new));
  }

  private void awaitHealthyAndReady(AppProcess replica, int port) {
    JsonNode processor = services.path("processor");
    JsonNode check = processor.path("healthcheck");
    Duration healthy =
        duration(check.path("start_period"))
            .plus(duration(check.path("interval")).multipliedBy(check.path("retries").asInt(3)));
    String path = url(processor).replaceFirst("^https?://[^/]+", "");
    Await.until(
        replica + " healthy by its healthcheck " + path,
        healthy,
        () -> answers(replica, port, path));
    Await.until(
        "replica ready (" + OpsServer.READY_PATH + ")",
        Duration.ofSeconds(120),
        () -> answers(replica, port, OpsServer.READY_PATH));
  }

  private static boolean answers(AppProcess replica, int port, String path) {
    if (!replica.isAlive()) {
      throw new AssertionError(
          "a replica ended; its output:\n" + replica.stdout() + replica.stderr());
    }
    try {
      return LocalHttp.get(port, path).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Both replicas hold partitions of the input, 12 in all: they share the work. */
  private void awaitPartitionsShared(List<Integer> ports) {
    Pattern assigned =
        Pattern.compile(
            "^kafka_consumer_coordinator_assigned_partitions\\{[^}]*} (\\S+)$", Pattern.MULTILINE);
    Await.until(
        "the replicas to share the input's 12 partitions",
        Duration.ofSeconds(120),
        () -> {
          List<Double> perReplica = new ArrayList<>();
          for (int port : ports) {
            double sum = 0;
            try {
              Matcher m = assigned.matcher(LocalHttp.get(port, OpsServer.METRICS_PATH).body());
              while (m.find()) {
                sum += Double.parseDouble(m.group(1));
              }
            } catch (IOException e) {
              return false;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new AssertionError(e);
            }
            perReplica.add(sum);
          }
          return perReplica.stream().allMatch(n -> n > 0)
              && perReplica.stream().mapToDouble(Double::doubleValue).sum() == 12.0;
        });
  }

  // The compose steps of docs/operations.md, from the host.

  private void playTheClassicExample() throws Exception {
    // The kcat commands of docs/operations.md: localhost and the port the advertised localhost
    // listener has.
    Matcher advertised =
        Pattern.compile("//localhost:(\\d+)")
            .matcher(environment(services.path("kafka")).get("KAFKA_ADVERTISED_LISTENERS"));
    assertThat(advertised.find()).as("service kafka advertises no listener to the host").isTrue();
    String bootstrap = fromHost(Integer.parseInt(advertised.group(1)));
    List<String> lines = new ArrayList<>();
    for (String line : ClassicExample.scientists()) {
      lines.add(JsonSerde.MAPPER.readTree(line).get("name").asText() + "|" + line);
    }
    lines.addAll(BAD_LINES);
    Kcat.produceKeyed(bootstrap, "scientists", lines);

    Map<String, JsonNode> read = new TreeMap<>();
    for (String line : Kcat.consumeCommitted(bootstrap, "ages", 7, dir.resolve("kcat.stderr"))) {
      String[] kv = line.split("\t", 2);
      assertThat(TopicContracts.outputViolations(kv[1].getBytes(StandardCharsets.UTF_8)))
          .as("%s against the output schema", kv[1])
          .isEmpty();
      read.put(kv[0], JsonSerde.MAPPER.readTree(kv[1]));
    }
    Map<String, JsonNode> expected = new TreeMap<>();
    for (String line : ClassicExample.ages2017()) {
      JsonNode age = JsonSerde.MAPPER.readTree(line);
      expected.put(age.get("name").asText(), age);
    }
    assertThat(read)
        .as("the classic ages (AGES_REFERENCE_YEAR of the compose file)")
        .isEqualTo(expected);
  }

  /** {@code docker compose run --rm --no-deps processor consume --dead-letters ...}. */
  private void readTheDeadLetters() throws Exception {
    try (AppProcess consume =
        AppProcess.start(
            dir,
            "consume-dead-letters",
            containerEnvironment(services.path("processor"), Map.of()),
            ownTmp("consume"),
            "consume",
            "--dead-letters",
            "--from-beginning",
            "--timeout",
            "10s")) {
      assertThat(consume.awaitExit(Duration.ofSeconds(90))).as(consume.stderr()).isZero();
      Map<String, String> reasons = new TreeMap<>();
      for (String line : consume.stdout().lines().toList()) {
        JsonNode letter = JsonSerde.MAPPER.readTree(line);
        reasons.put(letter.path("key").asText(), letter.path("reason").asText());
      }
      assertThat(reasons)
          .as("the dead letters of the two bad lines, by key")
          .isEqualTo(
              Map.of("Nobody", "MALFORMED_JSON", "Time Traveller", "BORN_AFTER_REFERENCE_YEAR"));
    }
  }

  /**
   * {@code docker compose run --rm processor redrive ...} as docs/redrive.md runs it: a dry run
   * counts both dead letters, and a redrive of one reason sends that one back and leaves the other.
   * (The processor dead-letters it again, born after 2017: RedriveIT checks the rest.)
   */
  private void redriveTheDeadLetters() throws Exception {
    String dry = redrive("redrive-dry-run", "--dry-run");
    assertThat(dry)
        .containsPattern("(?m)^  would be sent\\s+2$")
        .containsPattern("(?m)^  BORN_AFTER_REFERENCE_YEAR\\s+scientists\\s+1\\s+0\\s+0$")
        .containsPattern("(?m)^  MALFORMED_JSON\\s+scientists\\s+1\\s+0\\s+0$");
    String once = redrive("redrive", "--reason", "BORN_AFTER_REFERENCE_YEAR");
    assertThat(once)
        .containsPattern("(?m)^  sent\\s+1$")
        .containsPattern("(?m)^  skipped by selection\\s+1$");
  }

  /** The processor service's {@code redrive} with these options; its summary. */
  private String redrive(String name, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("redrive"));
    args.addAll(List.of(options));
    try (AppProcess redrive =
        AppProcess.start(
            dir,
            name,
            containerEnvironment(services.path("processor"), Map.of()),
            ownTmp(name),
            args.toArray(String[]::new))) {
      assertThat(redrive.awaitExit(Duration.ofSeconds(90)))
          .as(redrive.stdout() + redrive.stderr())
          .isZero();
      return redrive.stdout();
    }
  }

  // Addresses: every place a service is reached becomes a loopback port of this test.

  private static final Pattern ADDRESS =
      Pattern.compile("(^|[,@/\\s])([A-Za-z][A-Za-z0-9.-]*)?:(\\d{2,5})(?=$|[,/\\s])");

  /**
   * A broker setting as the kafka container reads it: an address without a host, with one of its
   * own names or with localhost is one of its own ports; but an advertised localhost listener is
   * for clients on the host, which reach it through the port published under that number.
   */
  private String inKafkaContainer(String key, String value) {
    boolean advertised = key.equals("advertised.listeners");
    return rewrite(
        value,
        (host, port) -> {
          if (advertised && "localhost".equals(host)) {
            return fromHost(port);
          }
          boolean own = host == null || kafkaHosts.contains(host) || host.equals("localhost");
          return own ? loopback(port) : null;
        });
  }

  /** A service's environment as another container sees kafka; {@code ownPorts} are its own. */
  private Map<String, String> containerEnvironment(JsonNode service, Map<String, String> ownPorts) {
    Map<String, String> env = new LinkedHashMap<>();
    environment(service)
        .forEach(
            (name, value) ->
                env.put(
                    name,
                    ownPorts.getOrDefault(
                        value,
                        rewrite(
                            value,
                            (host, port) ->
                                host != null && kafkaHosts.contains(host)
                                    ? loopback(port)
                                    : null))));
    return env;
  }

  /** {@code localhost:hostPort} seen from the host: a port that service kafka publishes. */
  private String fromHost(int hostPort) {
    Integer containerPort = published.get(hostPort);
    assertThat(containerPort)
        .as("service kafka publishes no host port %d (ports:)", hostPort)
        .isNotNull();
    return loopback(containerPort);
  }

  /** Each address in {@code value} as {@code map} gives it (null: left as it is). */
  private static String rewrite(String value, BiFunction<String, Integer, String> map) {
    Matcher m = ADDRESS.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String mapped = map.apply(m.group(2), Integer.parseInt(m.group(3)));
      m.appendReplacement(
          out, Matcher.quoteReplacement(mapped == null ? m.group() : m.group(1) + mapped));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A container port of service kafka, as a loopback address of this test. */
  private String loopback(int containerPort) {
    return "127.0.0.1:"
        + kafkaPorts.computeIfAbsent(containerPort, p -> Ports.freeOutsideEphemeralRange());
  }

  // Compose file helpers.

  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    service
        .path("environment")
        .properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private static String healthcheck(JsonNode service) {
    List<String> parts = new ArrayList<>();
    service.path("healthcheck").path("test").forEach(t -> parts.add(t.asText()));
    return String.join(" ", parts);
  }

  /** The URL a service's healthcheck fetches. */
  private static String url(JsonNode service) {
    Matcher m = Pattern.compile("https?://\\S+").matcher(healthcheck(service));
    assertThat(m.find()).as("a healthcheck without a URL").isTrue();
    return m.group();
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** Compose's durations as this file writes them: 10s, 1m, 500ms. */
  private static Duration duration(JsonNode node) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m)").matcher(node.asText());
    assertThat(m.matches()).as("a duration compose understands: %s", node).isTrue();
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  /** The Dockerfile's CMD: what the image runs when the service gives no command. */
  private static List<String> imageCommand() throws IOException {
    Matcher m = Pattern.compile("(?m)^CMD\\s+(\\[.*])\\s*$").matcher(Files.readString(DOCKERFILE));
    assertThat(m.find()).as("the Dockerfile has no CMD in exec form").isTrue();
    List<String> command = new ArrayList<>();
    JsonSerde.MAPPER.readTree(m.group(1)).forEach(c -> command.add(c.asText()));
    return command;
  }

  /** A container's own /tmp (Kafka Streams' state.dir is under it). */
  private List<String> ownTmp(String name) throws IOException {
    return List.of("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve(name + "-tmp")));
  }
}
