package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.support.OutsideTools;
import dev.scientistages.support.ProcessorFleet;
import dev.scientistages.support.ScientistDriver;
import dev.scientistages.support.ScientistRecords;
import dev.scientistages.support.Slow;
import dev.scientistages.support.Verification;
import dev.scientistages.support.VisibilityWatch;
import dev.scientistages.toolkit.IsolatedNetwork;
import dev.scientistages.toolkit.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor on a replicated cluster as production runs one: three KRaft nodes (broker and
 * controller each), topics with three replicas and {@code min.insync.replicas=2}, and two processor
 * instances under exactly_once_v2, every node and instance a network host of its own (a network
 * namespace). Under a steady load a broker is killed or frozen, and every record is then verified
 * by content; the longest stall (input to visible output) is printed for the docs.
 *
 * <p>Needs root for the namespaces: skipped without, except in CI, where it fails.
 */
@Slow
@Tag("faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedClusterIT {
  private static final String SUBNET = "10.213.0";
  private static final int RATE = Integer.getInteger("cluster.rate", 300);
  private static final Duration WARM = Duration.ofSeconds(8);
  private static final Duration AFTER = Duration.ofSeconds(15);
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  // Longer than the broker's session (broker.session.timeout.ms, 9 s by default): it is fenced.
  private static final Duration FREEZE = Duration.ofSeconds(15);
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final Duration SLACK = Duration.ofSeconds(180);

  // Kept when a test fails: every node's and every instance's output is there.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static IsolatedNetwork network;
  private static List<IsolatedNetwork.Host> processorHosts;
  private static KafkaCluster cluster;
  private static ClusterState state;

  @BeforeAll
  static void startCluster() {
    OutsideTools.require(IsolatedNetwork.usable(), "ip netns, run as root,", "iproute2");
    network = IsolatedNetwork.create(SUBNET);
    processorHosts = List.of(network.host("processor-1", 21), network.host("processor-2", 22));
    cluster = KafkaCluster.start(network, dir, 3, Map.of());
    state = new ClusterState(cluster.bootstrapServers());
  }

  @AfterAll
  static void stopCluster() {
    // In this order: the admin client, the nodes (SIGTERM), then the namespaces and links.
    try {
      if (state != null) {
        state.close();
      }
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (network != null) {
        network.close();
      }
    }
  }

  /**
   * A fault on one broker under load: begun, held for its length (past the broker's session, so the
   * controller fences it), then ended.
   */
  private record Fault(
      Duration length, Consumer<KafkaCluster.Node> begin, Consumer<KafkaCluster.Node> end) {
    /** Returns when the fault ended (epoch millis). */
    long inject(int broker) {
      long at = System.currentTimeMillis();
      begin.accept(cluster.node(broker));
      awaitFenced(broker, length);
      pauseUntil(at + length.toMillis());
      end.accept(cluster.node(broker));
      return System.currentTimeMillis();
    }
  }

  @Test
  @Order(1)
  void shouldMapEveryRecordExactlyOnceOnAReplicatedCluster() {
    Report report = run("cluster-smoke", null);
    assertThat(Math.max(report.steadyMaxMillis(), report.stallAfterMillis()))
        .as(report.toString())
        .isLessThan(BOUND.toMillis());
  }

  @Test
  @Order(2)
  void shouldMapEveryRecordExactlyOnceWhenTheLeadingBrokerIsKilledAndRestarted() {
    Report report =
        run("cluster-kill", new Fault(OUTAGE, KafkaCluster.Node::kill, KafkaCluster.Node::start));
    assertThat(report.stallDuringMillis()).as(report.toString()).isLessThan(BOUND.toMillis());
    assertThat(report.stallAfterMillis()).as(report.toString()).isLessThan(BOUND.toMillis());
  }

  @Test
  @Order(3)
  void shouldMapEveryRecordExactlyOnceWhenABrokerIsFrozenPastItsSession() {
    Report report =
        run(
            "cluster-freeze",
            new Fault(FREEZE, KafkaCluster.Node::freeze, KafkaCluster.Node::wake));
    assertThat(report.stallDuringMillis()).as(report.toString()).isLessThan(BOUND.toMillis());
    assertThat(report.stallAfterMillis()).as(report.toString()).isLessThan(BOUND.toMillis());
  }

  /** What a run measured. */
  record Report(
      String app,
      long records,
      int broker,
      Map<Integer, Long> leadersBefore,
      int controller,
      long steadyMaxMillis,
      long stallDuringMillis,
      long stallAfterMillis,
      long p50Millis,
      long p99Millis,
      Verification verification) {
    @Override
    public String toString() {
      return String.format(
          "%s: %d records at %d/s; fault on broker %d (input leaders by broker %s, active"
              + " controller %d); longest stall before the fault %d ms, from a second before it"
              + " to its end %d ms, after its end %d ms; over the run p50 %d ms, p99 %d ms; %s",
          app,
          records,
          RATE,
          broker,
          leadersBefore,
          controller,
          steadyMaxMillis,
          stallDuringMillis,
          stallAfterMillis,
          p50Millis,
          p99Millis,
          verification);
    }
  }

  private Report run(String app, Fault fault) {
    state.awaitHealthy(3, SLACK);
    ProcessorFleet.Topics topics = ProcessorFleet.Topics.of(app);
    createTopics(topics);
    Duration length = fault == null ? Duration.ZERO : fault.length();
    long records = RATE * (WARM.toSeconds() + length.toSeconds() + AFTER.toSeconds());
    String bootstrap = cluster.bootstrapServers();
    List<String> arguments = List.of("--guarantee", "exactly_once_v2", "-s", "ages.http.port=off");
    try (ProcessorFleet fleet =
            new ProcessorFleet(dir, bootstrap, app, topics, 2, arguments)
                .withCommandPrefix(slot -> processorHosts.get(slot).prefix());
        VisibilityWatch watch = VisibilityWatch.start(bootstrap, topics.output())) {
      fleet.startAll();
      fleet.awaitAllRunning(SLACK);
      for (int i = 0; i < fleet.size(); i++) {
        fleet.awaitSteadyRunning(i, Duration.ofSeconds(3), SLACK);
      }
      Map<Integer, Long> leaders = state.leaders(topics.input());
      int broker = state.leaderOfMost(topics.input());
      int controller = state.activeController();
      long faultAt;
      long endedAt;
      try (ScientistDriver driver =
          ScientistDriver.start(
              bootstrap, topics.input(), new ScientistRecords(records, 10, 2017), RATE)) {
        driver.awaitAcknowledged(RATE * WARM.toSeconds(), SLACK);
        faultAt = System.currentTimeMillis();
        endedAt = fault == null ? faultAt : fault.inject(broker);
        CrashRun.log("%s: fault on broker %d from %d to %d", app, broker, faultAt, endedAt);
        driver.awaitDone(SLACK);
      }
      state.awaitHealthy(3, SLACK);
      Verification v = CrashRun.drainAndVerify(fleet, watch, records, bootstrap, topics, SLACK);
      Report report =
          new Report(
              app,
              records,
              broker,
              leaders,
              controller,
              maxDelay(watch, 0, faultAt - 1_000),
              maxDelay(watch, faultAt - 1_000, endedAt - 1_000),
              maxDelay(watch, endedAt - 1_000, Long.MAX_VALUE),
              watch.percentile(0.5),
              watch.percentile(0.99),
              v);
      CrashRun.log("%s", report);
      assertThat(v.inputs()).as(report.toString()).isEqualTo(records);
      assertThat(v.expectedOutputs()).as(report.toString()).isEqualTo(records);
      assertThat(v.samples()).as(report.toString()).isEmpty();
      assertThat(v.exactlyOnce()).as(report.toString()).isTrue();
      return report;
    }
  }

  /** {@code topics create} from the processor's jar, on a processor's host, as a deploy step. */
  private static void createTopics(ProcessorFleet.Topics topics) {
    try (AppProcess create =
        AppProcess.startWithPrefix(
            processorHosts.get(0).prefix(),
            dir,
            topics.input() + "-topics-create",
            Map.of(),
            List.of(),
            "topics",
            "create",
            "-b",
            cluster.bootstrapServers(),
            "-s",
            "ages.topic.input=" + topics.input(),
            "-s",
            "ages.topic.output=" + topics.output(),
            "-s",
            "errors.dead.letter.queue.topic.name=" + topics.deadLetters())) {
      assertThat(create.awaitExit(SLACK)).as(create.stderr()).isZero();
    }
    List<String> names = List.of(topics.input(), topics.output(), topics.deadLetters());
    // The topic files say replication.factor=default: the broker's default.replication.factor.
    for (TopicDescription t : state.describe(names).values()) {
      assertThat(t.partitions()).hasSize(12);
      assertThat(t.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      assertThat(state.topicConfig(t.name(), "min.insync.replicas")).isEqualTo("2");
    }
  }

  /** Waits until the controller has fenced the broker: it no longer lists it. */
  private static void awaitFenced(int broker, Duration within) {
    Await.until(
        "broker " + broker + " fenced",
        within,
        () -> {
          try {
            return !state.brokers().contains(broker);
          } catch (AssertionError e) {
            // A request that met the broker while it went away: ask again.
            return false;
          }
        });
  }

  /** The stated length of a fault: the one wait that is not for a condition. */
  private static void pauseUntil(long epochMillis) {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static long maxDelay(VisibilityWatch watch, long fromMillis, long untilMillis) {
    return watch.samples().stream()
        .filter(s -> s.timestamp() >= fromMillis && s.timestamp() < untilMillis)
        .mapToLong(VisibilityWatch.Sample::delayMillis)
        .max()
        .orElse(0);
  }
}
