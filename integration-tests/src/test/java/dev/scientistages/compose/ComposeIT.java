package dev.scientistages.compose;

import static dev.scientistages.compose.ComposeRuntime.containers;
import static dev.scientistages.compose.ComposeRuntime.healthy;
import static dev.scientistages.compose.ComposeRuntime.inspect;
import static dev.scientistages.compose.ComposeRuntime.podman;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scientistages.monitoring.DashboardIT;
import dev.scientistages.support.Await;
import dev.scientistages.support.ClassicExample;
import dev.scientistages.support.Kcat;
import dev.scientistages.support.OutputVerifier;
import dev.scientistages.support.RepositoryFiles;
import dev.scientistages.support.ScientistDriver;
import dev.scientistages.support.ScientistRecords;
import dev.scientistages.support.Slow;
import dev.scientistages.support.Verification;
import dev.scientistages.topics.TopicFiles;
import dev.scientistages.topics.TopicSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The repository's docker-compose.yml in real containers: podman's Docker API driven by Debian's
 * docker-compose 1.29, with {@code src/test/containers/compose.test.yml} beside the file, which
 * changes only where images come from (stand-in images that {@code images.sh} makes from Debian
 * packages and Maven Central, since no registry is reachable) and pins the network's subnet
 * (10.214.0.0/24). Checked as a user would: the image built by the real Dockerfile; {@code up -d}
 * with its health checks; kcat on the host at localhost:9092; three replicas sharing the
 * partitions, one SIGKILLed under load and brought back by its restart policy, every record in
 * {@code ages} exactly once; {@code redrive} run in the processor's service; Prometheus of the
 * monitoring profile scraping every replica and answering every dashboard query; {@code stop} and
 * {@code down -v}. Grafana has no Debian package, so its container is not run (its files are
 * checked by ComposeFileTest and DashboardIT).
 */
@Slow
@Tag("compose")
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class ComposeIT {
  private static final String BOOTSTRAP = "localhost:9092";
  private static final String P = ComposeRuntime.PROJECT;
  private static final String IMAGE = "scientist-ages-processor";
  private static final String GROUP = "scientist-ages";
  private static final int REPLICAS = 3;
  private static final int LOAD = 30_000;
  private static final Duration GRACE = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Path dir = Path.of(System.getProperty("compose.dir", "target/compose"));
  private final long started = System.nanoTime();

  @Test
  void shouldRunTheComposeFileInRealContainersAsAUserWould() throws Exception {
    ComposeRuntime.requireInstalled();
    Kcat.requireInstalled();
    try (ComposeRuntime compose = ComposeRuntime.start(dir)) {
      log("API service on %s", compose.dockerHost());
      buildStandInImages();
      buildTheProcessorImage(compose);
      upAndHealthy(compose);
      try (Admin admin = admin()) {
        checkTopics(admin);
        scaleToThree(compose, admin);
        killOneUnderLoad(compose, admin);
      }
      classicExampleWithKcat();
      deadLettersWithKcat();
      monitoring(compose);
      stopTheProcessors(compose);
      redrive(compose);
      stopAndDown(compose);
    }
    log("done");
  }

  private void buildStandInImages() {
    String kafkaVersion = System.getProperty("kafka.version", "4.4.0");
    ComposeRuntime.Result r =
        ComposeRuntime.run(
            Duration.ofMinutes(20),
            "bash",
            ComposeRuntime.CONTAINERS.resolve("images.sh").toString(),
            dir.resolve("staging").toString(),
            kafkaVersion);
    log("stand-in images:%n%s", (r.output() + r.errors()).strip());
    r.ok("images.sh");
  }

  private void buildTheProcessorImage(ComposeRuntime compose) throws IOException {
    long t = System.nanoTime();
    compose.compose(Duration.ofMinutes(20), "build").ok("docker-compose build");
    log("docker-compose build: %d s", seconds(t));

    assertThat(inspect(IMAGE, "{{.Config.User}}")).as("the image's USER").isEqualTo("10001:10001");
    assertThat(inImage("", "id -u").ok("id -u in the image").output().strip())
        .as("the uid the image runs as")
        .isEqualTo("10001");
    assertThat(inImage("", "ls -A /app").ok("ls /app").output().lines().toList())
        .as("what /app holds")
        .containsExactly("scientist-ages-processor.jar");
    assertThat(
            inImage("--user=0", "find / -xdev -name 'scientist-ages*.jar'")
                .ok("find jars")
                .output()
                .lines()
                .toList())
        .as("the project's jars in the image")
        .containsExactly("/app/scientist-ages-processor.jar");

    // The jar itself: the processor only, none of the workshop.
    String box = P + "_jarcheck";
    podman("rm", "-f", box);
    podman("create", "--name", box, "--label", "com.docker.compose.project=" + P, IMAGE)
        .ok("podman create");
    Path jar = dir.resolve("image-processor.jar");
    try {
      podman("cp", box + ":/app/scientist-ages-processor.jar", jar.toString()).ok("podman cp");
    } finally {
      podman("rm", "-f", box);
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertThat(zip.stream().map(e -> e.getName()))
          .as("classes of the jar in the image")
          .contains("dev/scientistages/Main.class")
          .noneMatch(
              n ->
                  n.startsWith("dev/scientistages/toolkit/")
                      || n.startsWith("dev/scientistages/bench/")
                      || n.startsWith("kafka/server/")
                      || n.startsWith("scala/"));
    }
    long size = Long.parseLong(inspect(IMAGE, "{{.Size}}"));
    log(
        "processor image: %d MB (%d bytes), uid 10001, the processor's jar only",
        size / 1_000_000, size);
    Files.writeString(dir.resolve("image-size.txt"), size + "\n");
  }

  private void upAndHealthy(ComposeRuntime compose) {
    long t = System.nanoTime();
    // The README's first command; the image was just built, so --build finds it all cached.
    compose.compose(Duration.ofMinutes(8), "up", "-d", "--build").ok("docker-compose up -d");
    String kafka = single("kafka");
    String topics = single("topics");
    assertThat(healthy(kafka)).as("kafka healthy once up -d returned").isTrue();
    assertThat(inspect(topics, "{{.State.Status}} {{.State.ExitCode}}"))
        .as("the topics step")
        .isEqualTo("exited 0");
    String processor = single("processor");
    Await.until("the processor healthy", Duration.ofMinutes(3), () -> healthy(processor));
    log("up -d: kafka healthy, topics exited 0, processor healthy in %d s", seconds(t));
    // The README's second command, and what it says to expect.
    List<String> ps =
        compose.compose(Duration.ofMinutes(1), "ps").ok("ps").output().lines().toList();
    assertThat(ps)
        .anyMatch(l -> l.startsWith(kafka + " ") && l.contains("(healthy)"))
        .anyMatch(l -> l.startsWith(topics + " ") && l.contains("Exit 0"))
        .anyMatch(l -> l.startsWith(processor + " ") && l.contains("(healthy)"));
    assertThat(podman("exec", kafka, "stat", "-c", "%U", "/var/lib/kafka/data").ok("stat").output())
        .as("the owner of the broker's data")
        .isEqualToIgnoringWhitespace("appuser");
  }

  private void checkTopics(Admin admin) throws Exception {
    Map<TopicSpec.Role, TopicSpec> specs = TopicFiles.load(RepositoryFiles.path("topics"));
    assertThat(specs).hasSize(3);
    List<String> names = specs.values().stream().map(TopicSpec::name).toList();
    Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
    List<ConfigResource> resources =
        names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
    for (TopicSpec spec : specs.values()) {
      assertThat(described.get(spec.name()).partitions())
          .as("partitions of %s", spec.name())
          .hasSize(spec.partitions());
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
      spec.configs()
          .forEach(
              (k, v) ->
                  assertThat(config.get(k).value()).as("%s of %s", k, spec.name()).isEqualTo(v));
    }
    log("topics: %s with their partitions and configs", names);
  }

  private void scaleToThree(ComposeRuntime compose, Admin admin) {
    compose
        .compose(Duration.ofMinutes(5), "up", "-d", "--scale", "processor=" + REPLICAS)
        .ok("up -d --scale processor=3");
    assertThat(containers("processor")).hasSize(REPLICAS);
    Await.until(
        "three healthy replicas",
        Duration.ofMinutes(3),
        () -> containers("processor").stream().allMatch(ComposeRuntime::healthy));
    awaitPartitionsShared(admin);
  }

  /** The group's members by host (one per replica), each with partitions, 12 in all. */
  private void awaitPartitionsShared(Admin admin) {
    Map<String, Set<TopicPartition>> byHost = new HashMap<>();
    Await.until(
        "the group's members on three hosts sharing the 12 partitions",
        Duration.ofMinutes(3),
        () -> {
          byHost.clear();
          try {
            ConsumerGroupDescription group =
                admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            for (MemberDescription m : group.members()) {
              byHost
                  .computeIfAbsent(m.host(), h -> new HashSet<>())
                  .addAll(m.assignment().topicPartitions());
            }
          } catch (Exception e) {
            return false;
          }
          Set<TopicPartition> all = new HashSet<>();
          byHost.values().forEach(all::addAll);
          return byHost.size() == REPLICAS
              && byHost.values().stream().noneMatch(Set::isEmpty)
              && all.stream().filter(tp -> tp.topic().equals("scientists")).count() == 12;
        });
    Map<String, Integer> counts = new HashMap<>();
    byHost.forEach((h, tps) -> counts.put(h, tps.size()));
    assertThat(byHost.keySet()).allMatch(h -> h.startsWith("/10.214.0."));
    log("group %s: partitions per replica %s", GROUP, counts);
  }

  private void killOneUnderLoad(ComposeRuntime compose, Admin admin) throws Exception {
    String victim = containers("processor").get(1);
    long t = System.nanoTime();
    try (ScientistDriver driver =
        ScientistDriver.start(
            BOOTSTRAP, "scientists", new ScientistRecords(LOAD, 10, 2017), LOAD / 20.0)) {
      driver.awaitAcknowledged(LOAD / 3, Duration.ofMinutes(2));
      int restarts = Integer.parseInt(inspect(victim, "{{.RestartCount}}"));
      String pid = inspect(victim, "{{.State.Pid}}");
      // SIGKILL to the replica's process, as a crash or the OOM killer would; `docker kill` on
      // Docker Engine does the same, while podman counts its own kill as a stop by the user.
      ComposeRuntime.run(Duration.ofSeconds(10), "kill", "-KILL", pid).ok("kill -KILL " + pid);
      log("SIGKILL to %s (pid %s) at %d acknowledged", victim, pid, driver.acknowledged());
      Await.until(
          victim + " restarted by its policy",
          Duration.ofMinutes(2),
          () ->
              Integer.parseInt(inspect(victim, "{{.RestartCount}}")) > restarts
                  && inspect(victim, "{{.State.Status}}").equals("running"));
      driver.awaitDone(Duration.ofMinutes(3));
    }
    Await.until("the restarted replica healthy", Duration.ofMinutes(3), () -> healthy(victim));
    awaitCommitted(admin);
    Verification v =
        new OutputVerifier(BOOTSTRAP).verify("scientists", "ages", "scientists.dlq", GRACE);
    log("load of %d with a SIGKILL: %s (%d s)", LOAD, v, seconds(t));
    assertThat(v.exactlyOnce()).as(v.toString()).isTrue();
    assertThat(v.outputs()).isEqualTo(LOAD);
    awaitPartitionsShared(admin);
  }

  private void awaitCommitted(Admin admin) {
    Await.until(
        "the group committed every input",
        Duration.ofMinutes(3),
        () -> {
          try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 12; p++) {
              latest.put(new TopicPartition("scientists", p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream()
                .allMatch(
                    e ->
                        committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue().offset());
          } catch (Exception e) {
            return false;
          }
        });
  }

  private void classicExampleWithKcat() throws Exception {
    List<String> lines = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String s : ClassicExample.scientists()) {
      String name = JSON.readTree(s).path("name").asText();
      names.add(name);
      lines.add(name + "|" + s);
    }
    Kcat.produceKeyed(BOOTSTRAP, "scientists", lines);
    List<String> ages = new ArrayList<>();
    Await.until(
        "the classic seven's ages in ages (read_committed)",
        Duration.ofMinutes(2),
        () -> {
          ages.clear();
          for (String line : kcatRead("ages", "%k\\t%s\\n", true).lines().toList()) {
            String[] kv = line.split("\t", 2);
            if (kv.length == 2 && names.contains(kv[0])) {
              ages.add(kv[1]);
            }
          }
          return ages.size() >= 7;
        });
    List<JsonNode> expected = new ArrayList<>();
    for (String line : ClassicExample.ages2017()) {
      expected.add(JSON.readTree(line));
    }
    List<JsonNode> read = new ArrayList<>();
    for (String line : ages) {
      read.add(JSON.readTree(line));
    }
    assertThat(read)
        .as("the classic ages read back with kcat")
        .containsExactlyInAnyOrderElementsOf(expected);
    log("kcat: the classic seven in, their seven ages out");
  }

  private void deadLettersWithKcat() throws Exception {
    Kcat.produceKeyed(
        BOOTSTRAP,
        "scientists",
        List.of(
            "Nobody|this is not JSON",
            "Time Traveller|{\"name\": \"Time Traveller\", \"born\": 2999}"));
    Map<String, String> reasons = new HashMap<>();
    Await.until(
        "the two bad lines in scientists.dlq",
        Duration.ofMinutes(2),
        () -> {
          reasons.putAll(reasonsByKey(kcatRead("scientists.dlq", "%k\\t%h\\n", false)));
          return reasons.size() >= 2;
        });
    assertThat(reasons)
        .containsEntry("Nobody", "MALFORMED_JSON")
        .containsEntry("Time Traveller", "BORN_AFTER_REFERENCE_YEAR");
    assertThat(kcatRead("scientists.dlq", "%k\\t%s\\n", false).lines())
        .as("the dead letters' values, unchanged")
        .contains("Nobody\tthis is not JSON");
    log("kcat: dead letters with their reasons %s", reasons);
  }

  private static final Pattern REASON =
      Pattern.compile("(?ms)^([^\\t\\n]+)\\t.*?scientist-ages\\.reason=([A-Z_]+)");

  private static Map<String, String> reasonsByKey(String kcatOutput) {
    Map<String, String> out = new HashMap<>();
    Matcher m = REASON.matcher(kcatOutput);
    while (m.find()) {
      out.putIfAbsent(m.group(1), m.group(2));
    }
    return out;
  }

  private void redrive(ComposeRuntime compose) {
    assertThat(redriveRun(compose, "--dry-run"))
        .containsPattern("(?m)^\\s*would be sent\\s+2\\s*$");
    assertThat(redriveRun(compose, "--reason", "BORN_AFTER_REFERENCE_YEAR"))
        .containsPattern("(?m)^\\s*sent\\s+1\\s*$");
    // Sent back to scientists, marked with its redrive count.
    assertThat(kcatRead("scientists", "%k\\t%h\\n", false))
        .as("the redriven record in scientists")
        .containsPattern("(?m)^Time Traveller\\t.*scientist-ages\\.redrives=1");
    assertThat(containers("processor")).as("no run container left").hasSize(REPLICAS);
    log("redrive: dry run 2, sent 1, in scientists again with its count");
  }

  /**
   * {@code docker-compose run --rm --no-deps processor redrive ARGS}, as docs/redrive.md runs it.
   */
  private static String redriveRun(ComposeRuntime compose, String... args) {
    // -T: no terminal here, where a user would have one.
    List<String> command = new ArrayList<>(List.of("run", "--rm", "--no-deps", "-T", "processor"));
    command.add("redrive");
    command.addAll(List.of(args));
    return compose
        .compose(Duration.ofMinutes(3), command.toArray(String[]::new))
        .ok("redrive " + String.join(" ", args))
        .output();
  }

  private void monitoring(ComposeRuntime compose) throws Exception {
    compose
        // Without --scale, `up` would take the processors back to one (Compose converges every
        // service it starts to its scale). Grafana is left out: no image of it here.
        .compose(
            Duration.ofMinutes(5),
            "--profile",
            "monitoring",
            "up",
            "-d",
            "--scale",
            "processor=" + REPLICAS,
            "prometheus")
        .ok("--profile monitoring up -d --scale processor=3 prometheus");
    assertThat(containers("processor"))
        .as("replicas with the monitoring profile")
        .hasSize(REPLICAS);
    Await.until(
        "Prometheus scraping three replicas",
        Duration.ofMinutes(2),
        () -> {
          JsonNode targets = prometheus("/api/v1/targets").path("data").path("activeTargets");
          int up = 0;
          for (JsonNode target : targets) {
            up += target.path("health").asText().equals("up") ? 1 : 0;
          }
          return targets.size() == REPLICAS && up == REPLICAS;
        });
    List<DashboardIT.Panel> panels =
        DashboardIT.Panel.all(JSON.readTree(DashboardIT.DASHBOARD.toFile()));
    List<String> failures = new ArrayList<>();
    Await.until(
        "every dashboard panel's query to return data",
        Duration.ofMinutes(2),
        () -> {
          failures.clear();
          panels.forEach(
              p ->
                  failures.addAll(
                      p.failures(
                          q ->
                              prometheus(
                                  "/api/v1/query?query="
                                      + URLEncoder.encode(q, StandardCharsets.UTF_8)),
                          true)));
          return failures.isEmpty();
        });
    log("monitoring: three replicas scraped, %d panels answered", panels.size());
  }

  private static JsonNode prometheus(String path) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:9090" + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (IOException e) {
      return JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JSON.createObjectNode();
    }
  }

  /**
   * {@code stop processor}: each replica ends by itself on SIGTERM, within its grace period. (Also
   * what lets {@code run} work on Podman next: docker-compose 1.29 links a one-off container to the
   * service's running ones, and Podman's API refuses links.)
   */
  private void stopTheProcessors(ComposeRuntime compose) {
    List<String> processors = containers("processor");
    long asked = System.currentTimeMillis() / 1000;
    compose.compose(Duration.ofMinutes(3), "stop", "processor").ok("docker-compose stop processor");
    for (String c : processors) {
      assertThat(inspect(c, "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}"))
          .as("%s after stop: ended by SIGTERM itself, not killed", c)
          .isEqualTo("exited 143 false");
      long finished = Long.parseLong(inspect(c, "{{.State.FinishedAt.Unix}}"));
      assertThat(finished - asked)
          .as("seconds %s took to stop, against its stop_grace_period", c)
          .isLessThan(GRACE.toSeconds());
    }
    log("stop: each replica exited 143 within %s", GRACE);
  }

  private void stopAndDown(ComposeRuntime compose) {
    compose.compose(Duration.ofMinutes(3), "stop").ok("docker-compose stop");
    assertThat(inspect(single("kafka"), "{{.State.ExitCode}}"))
        .as("the broker's exit code")
        .isEqualTo("143");
    compose.compose(Duration.ofMinutes(3), "down", "-v").ok("docker-compose down -v");
    assertThat(
            podman("ps", "-a", "-q", "--filter", "label=com.docker.compose.project=" + P)
                .output()
                .strip())
        .as("containers left")
        .isEmpty();
    assertThat(podman("network", "exists", P + "_default").exitCode())
        .as("network left")
        .isNotZero();
    assertThat(podman("volume", "exists", P + "_kafka-data").exitCode())
        .as("volume left")
        .isNotZero();
    log("stop: the broker exited 143; down -v left nothing");
  }

  /** kcat's read of a whole topic, as text. */
  private static String kcatRead(String topic, String format, boolean committed) {
    List<String> command =
        new ArrayList<>(
            List.of("kcat", "-b", BOOTSTRAP, "-C", "-t", topic, "-o", "beginning", "-e", "-q"));
    if (committed) {
      command.addAll(List.of("-X", "isolation.level=read_committed"));
    }
    command.addAll(List.of("-f", format));
    return ComposeRuntime.run(Duration.ofMinutes(1), Map.of(), command).output();
  }

  private static String single(String service) {
    List<String> found = containers(service);
    assertThat(found).as("containers of %s", service).hasSize(1);
    return found.get(0);
  }

  private static Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    return Admin.create(p);
  }

  /** A shell {@code script} in a throw-away container of the image, with no network. */
  private static ComposeRuntime.Result inImage(String user, String script) {
    List<String> args =
        new ArrayList<>(List.of("run", "--rm", "--network", "none", "--no-healthcheck"));
    if (!user.isEmpty()) {
      args.add(user);
    }
    args.addAll(List.of("--entrypoint", "sh", IMAGE, "-c", script));
    return podman(args.toArray(String[]::new));
  }

  private static long seconds(long since) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
  }

  private void log(String format, Object... args) {
    System.out.printf("[ComposeIT +%ds] %s%n", seconds(started), String.format(format, args));
  }
}
