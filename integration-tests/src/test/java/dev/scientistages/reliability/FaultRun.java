package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.support.ProcessorFleet;
import dev.scientistages.support.ScientistDriver;
import dev.scientistages.support.ScientistRecords;
import dev.scientistages.support.Verification;
import dev.scientistages.support.VisibilityWatch;
import dev.scientistages.toolkit.IsolatedNetwork;
import dev.scientistages.toolkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One case of the fault suites on a {@link ClusterHarness}: two processor instances (each on a host
 * of its own) under a steady load, a fault injected after a warm-up and ended, the load finished
 * and drained, then every record verified by content and the stall, the time back to full speed and
 * each instance's WARN and ERROR lines reported.
 *
 * <p>{@code -Dfaults.soak=true} makes every case longer (more warm-up, fault and load after it);
 * {@code -Dfaults.rate} sets the load (records a second); {@code -Dfaults.settings=KEY=VALUE,...}
 * passes settings to every instance (as {@code -s KEY=VALUE}), e.g. lower client timeouts; {@code
 * -Dfaults.broker=KEY=VALUE,...} sets server properties on every node, e.g. a shorter broker
 * session.
 */
final class FaultRun {
  static final boolean SOAK = Boolean.getBoolean("faults.soak");
  static final int RATE = Integer.getInteger("faults.rate", 300);
  static final List<String> SETTINGS = RunProperties.list("faults.settings");
  static final Map<String, String> BROKER = RunProperties.pairs("faults.broker");
  static final Duration WARM = Duration.ofSeconds(SOAK ? 60 : 8);
  static final Duration AFTER = Duration.ofSeconds(SOAK ? 120 : 15);

  /** Soak: a fault is held this many times longer where its length is free. */
  static final int SOAK_FACTOR = SOAK ? 3 : 1;

  /** A step of a fault, given what the run knows. */
  interface Step {
    void apply(Context context);
  }

  /**
   * What a fault may act on: the harness, the fleet, the broker leading the most input partitions
   * and the active controller as they were before the fault; a note for the report.
   */
  static final class Context {
    final ClusterHarness harness;
    final ProcessorFleet fleet;
    final int leader;
    final int controller;
    private final List<String> notes = new ArrayList<>();
    private long endedAt;

    Context(ClusterHarness harness, ProcessorFleet fleet, int leader, int controller) {
      this.harness = harness;
      this.fleet = fleet;
      this.leader = leader;
      this.controller = controller;
    }

    KafkaCluster.Node node(int id) {
      return harness.cluster.node(id);
    }

    /** The node of another broker than the active controller: {@code leader} if it is one. */
    int brokerNotController() {
      return leader != controller ? leader : controller % 3 + 1;
    }

    /**
     * Watches, in the background, for the controller to fence the broker (it no longer lists it)
     * until {@code deadline}: the fault's length stays as stated, however slowly the cluster
     * answers while a node is away. Completes with the time it first saw it, in ms after {@code
     * from}, or -1.
     */
    CompletableFuture<Long> watchFenced(int broker, long from, long deadline) {
      return CompletableFuture.supplyAsync(
          () -> {
            while (System.currentTimeMillis() < deadline) {
              try {
                if (!harness.state.brokers().contains(broker)) {
                  return System.currentTimeMillis() - from;
                }
              } catch (AssertionError e) {
                // A request that met the node while it went away: ask again.
              }
              pauseUntil(Math.min(deadline, System.currentTimeMillis() + 200));
            }
            return -1L;
          });
    }

    /** What a watch saw by now: "after N ms", or that it did not happen within the fault. */
    static String seen(CompletableFuture<Long> watch) {
      long ms = watch.getNow(-1L);
      return ms < 0 ? "not within the fault" : "after " + ms + " ms";
    }

    /** The stated length of a fault: the one wait that is not for a condition. */
    void pauseUntil(long epochMillis) {
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

    /**
     * Marks the fault's end where the step goes on after it (waiting for its aftermath); without it
     * the fault ends when the step returns.
     */
    void ended() {
      endedAt = System.currentTimeMillis();
    }

    void note(String format, Object... args) {
      String line = String.format(format, args);
      notes.add(line);
      FaultReport.log("%s", line);
    }
  }

  /**
   * A fault: {@code inject} runs after the warm-up and returns once the fault has ended; one that
   * lasts the whole run begins before the instances start and ends after the drain instead.
   *
   * @param length about how long the fault lasts, for the size of the load
   */
  record Fault(String name, Duration length, Step inject, Step begin, Step end, boolean wholeRun) {
    static Fault none() {
      return of("no fault", Duration.ZERO, c -> {});
    }

    static Fault of(String name, Duration length, Step inject) {
      return new Fault(name, length, inject, c -> {}, c -> {}, false);
    }

    static Fault throughout(String name, Step begin, Step end) {
      return new Fault(name, Duration.ZERO, c -> {}, begin, end, true);
    }
  }

  private FaultRun() {}

  static FaultReport run(ClusterHarness h, String app, String guarantee, Fault fault) {
    long started = System.nanoTime();
    // The cluster is shared: whatever an earlier case left broken is mended first.
    heal(h);
    h.state.awaitHealthy(3, ClusterHarness.SLACK);
    ProcessorFleet.Topics topics = ProcessorFleet.Topics.of(app);
    h.createTopics(topics);
    long records = RATE * (WARM.toSeconds() + fault.length().toSeconds() + AFTER.toSeconds());
    String bootstrap = h.bootstrapServers();
    List<String> arguments =
        new ArrayList<>(List.of("--guarantee", guarantee, "-s", "ages.http.port=off"));
    for (String setting : SETTINGS) {
      arguments.addAll(List.of("-s", setting));
    }
    try (ProcessorFleet fleet =
            new ProcessorFleet(h.dir, bootstrap, app, topics, 2, arguments)
                .withCommandPrefix(slot -> h.processorHosts.get(slot).prefix());
        VisibilityWatch watch = VisibilityWatch.start(bootstrap, topics.output())) {
      Context context =
          new Context(h, fleet, h.state.leaderOfMost(topics.input()), h.state.activeController());
      context.note(
          "%s: input leaders by broker %s, active controller %d",
          app, h.state.leaders(topics.input()), context.controller);
      long startAt;
      long faultAt;
      long endedAt;
      Verification v;
      try {
        fault.begin().apply(context);
        fleet.startAll();
        fleet.awaitAllRunning(ClusterHarness.SLACK);
        for (int i = 0; i < fleet.size(); i++) {
          fleet.awaitSteadyRunning(i, Duration.ofSeconds(3), ClusterHarness.SLACK);
        }
        startAt = System.currentTimeMillis();
        try (ScientistDriver driver =
            ScientistDriver.start(
                bootstrap, topics.input(), new ScientistRecords(records, 10, 2017), RATE)) {
          driver.awaitAcknowledged(RATE * WARM.toSeconds(), ClusterHarness.SLACK);
          faultAt = System.currentTimeMillis();
          fault.inject().apply(context);
          endedAt = context.endedAt > 0 ? context.endedAt : System.currentTimeMillis();
          context.note("%s: %s from %d to %d", app, fault.name(), faultAt, endedAt);
          driver.awaitDone(ClusterHarness.SLACK);
        }
        if (fault.wholeRun()) {
          // The fault is the run: "during" is all of it.
          faultAt = startAt;
        }
        h.state.awaitHealthy(3, ClusterHarness.SLACK);
        v = CrashRun.drainAndVerify(fleet, watch, records, bootstrap, topics, ClusterHarness.SLACK);
        if (fault.wholeRun()) {
          endedAt = System.currentTimeMillis();
        }
      } finally {
        fault.end().apply(context);
        heal(h);
      }
      List<VisibilityWatch.Sample> samples = watch.samples();
      List<ProcessorLogs> logs = new ArrayList<>();
      for (int i = 0; i < fleet.size(); i++) {
        logs.add(ProcessorLogs.of(h.dir, app, i));
      }
      FaultReport report =
          new FaultReport(
              fault.name(),
              guarantee,
              records,
              List.copyOf(context.notes),
              Stalls.longest(samples, 0, faultAt - 1_000),
              Stalls.longest(samples, faultAt - 1_000, Long.MAX_VALUE),
              fault.wholeRun()
                  ? -1
                  : Stalls.backToFullSpeed(samples, startAt, faultAt, endedAt, RATE),
              watch.percentile(0.5),
              logs,
              v,
              Duration.ofNanos(System.nanoTime() - started));
      FaultReport.log("%s", report);
      FaultReport.log("%s", report.row());
      assertThat(v.inputs()).as(report.toString()).isEqualTo(records);
      assertThat(v.expectedOutputs()).as(report.toString()).isEqualTo(records);
      if ("at_least_once".equals(guarantee)) {
        assertThat(v.atLeastOnce()).as(report.toString()).isTrue();
      } else {
        assertThat(v.samples()).as(report.toString()).isEmpty();
        assertThat(v.exactlyOnce()).as(report.toString()).isTrue();
      }
      return report;
    }
  }

  /**
   * Whatever a failed case left cut is cabled again, degraded restored, frozen woken, and a node
   * left down started.
   */
  private static void heal(ClusterHarness h) {
    for (IsolatedNetwork.Host host : h.processorHosts) {
      h.network.heal(host);
      h.network.restore(host);
    }
    for (KafkaCluster.Node node : h.cluster.nodes()) {
      h.network.heal(node.host());
      h.network.restore(node.host());
      if (node.isAlive()) {
        node.wake();
      } else {
        node.start();
      }
    }
  }
}
