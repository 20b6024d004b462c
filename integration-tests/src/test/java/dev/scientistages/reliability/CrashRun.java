package dev.scientistages.reliability;

import dev.scientistages.TestApps;
import dev.scientistages.support.Await;
import dev.scientistages.support.OutputVerifier;
import dev.scientistages.support.ProcessorFleet;
import dev.scientistages.support.ScientistDriver;
import dev.scientistages.support.ScientistRecords;
import dev.scientistages.support.Verification;
import dev.scientistages.support.VisibilityWatch;
import dev.scientistages.toolkit.BrokerJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One crash run, the way Apache Kafka tests its own exactly-once: a broker (a separate JVM), a few
 * processor instances (separate JVMs) and a driver that keeps producing while instances are killed
 * hard (SIGKILL) or stopped cleanly (SIGTERM) and restarted; then everything stops and {@link
 * OutputVerifier} checks every record by content.
 *
 * <p>The schedule is random but seeded, and driven by progress: event {@code i} of {@code E}
 * happens once {@code (i + 1) / (E + 1)} of the input is acknowledged and every instance is RUNNING
 * again after the event before.
 */
public final class CrashRun {
  /** What to run. */
  public record Plan(
      long records,
      int perKey,
      int kills,
      int cleanStops,
      int instances,
      int threads,
      String guarantee,
      Duration produceFor,
      long seed) {

    /**
     * The plan from system properties {@code crash.records}, {@code crash.kills}, {@code
     * crash.stops}, {@code crash.instances}, {@code crash.threads}, {@code crash.seconds} and
     * {@code crash.seed}, with the given defaults.
     */
    public static Plan fromSystemProperties(
        String guarantee, long records, int kills, int cleanStops, int seconds) {
      return new Plan(
          Long.getLong("crash.records", records),
          Integer.getInteger("crash.per.key", 10),
          Integer.getInteger("crash.kills", kills),
          Integer.getInteger("crash.stops", cleanStops),
          Integer.getInteger("crash.instances", 2),
          Integer.getInteger("crash.threads", 2),
          guarantee,
          Duration.ofSeconds(Integer.getInteger("crash.seconds", seconds)),
          Long.getLong("crash.seed", 7L));
    }
  }

  /** What happened, and what the verifier found. */
  public record Report(
      Plan plan,
      int kills,
      int cleanStops,
      int restarts,
      Duration duration,
      Verification verification) {
    @Override
    public String toString() {
      return String.format(
          "%s: %d records, %d instance(s) x %d thread(s), %d kill(s), %d clean stop(s), %d"
              + " restart(s), %.1f s, seed %d; %s",
          plan.guarantee(),
          plan.records(),
          plan.instances(),
          plan.threads(),
          kills,
          cleanStops,
          restarts,
          duration.toMillis() / 1000.0,
          plan.seed(),
          verification);
    }
  }

  private CrashRun() {}

  /** Runs the plan in {@code dir}; every process it started is gone when it returns. */
  public static Report run(Plan plan, Path dir) {
    long started = System.nanoTime();
    String app = "crash-" + plan.guarantee().replace('_', '-');
    ProcessorFleet.Topics topics = ProcessorFleet.Topics.of(app);
    Duration slack = Duration.ofSeconds(120 + plan.records() / 5_000);
    try (BrokerJvm broker = BrokerJvm.start(dir, Map.of())) {
      TestApps.ensureTopics(topics, broker.bootstrapServers());
      try (ProcessorFleet fleet =
          new ProcessorFleet(
              dir,
              broker.bootstrapServers(),
              app,
              topics,
              plan.instances(),
              List.of(
                  "--guarantee",
                  plan.guarantee(),
                  "--threads",
                  Integer.toString(plan.threads()),
                  "-s",
                  "ages.http.port=off"))) {
        fleet.startAll();
        fleet.awaitAllRunning(slack);
        log("all %d instance(s) RUNNING", plan.instances());

        Random random = new Random(plan.seed());
        List<Boolean> events = new ArrayList<>(); // true = kill, false = clean stop
        for (int i = 0; i < plan.kills(); i++) {
          events.add(true);
        }
        for (int i = 0; i < plan.cleanStops(); i++) {
          events.add(false);
        }
        Collections.shuffle(events, random);

        double rate = plan.records() / (double) Math.max(1, plan.produceFor().toSeconds());
        try (ScientistDriver driver =
            ScientistDriver.start(
                broker.bootstrapServers(),
                topics.input(),
                new ScientistRecords(plan.records(), plan.perKey(), 2017),
                rate)) {
          for (int i = 0; i < events.size(); i++) {
            driver.awaitAcknowledged(plan.records() * (i + 1) / (events.size() + 1), slack);
            fleet.awaitAllRunning(slack);
            int slot = random.nextInt(plan.instances());
            if (events.get(i)) {
              fleet.killAndRestart(slot);
            } else {
              fleet.stopAndRestart(slot);
            }
            log(
                "event %d/%d: %s instance %d at %d acknowledged input records",
                i + 1,
                events.size(),
                events.get(i) ? "SIGKILL and restart of" : "SIGTERM and restart of",
                slot,
                driver.acknowledged());
          }
          driver.awaitDone(slack);
          log("driver done: %d records acknowledged", driver.acknowledged());
        }
        fleet.awaitAllRunning(slack);
        log("every instance RUNNING");
        fleet.awaitAllCommitted(slack);
        log("every input record committed by the group");
        fleet.stopAll();
        Verification verification =
            new OutputVerifier(broker.bootstrapServers())
                .verify(
                    topics.input(), topics.output(), topics.deadLetters(), Duration.ofSeconds(60));
        Report report =
            new Report(
                plan,
                fleet.kills(),
                fleet.cleanStops(),
                fleet.restarts(),
                Duration.ofNanos(System.nanoTime() - started),
                verification);
        log("%s", report);
        return report;
      }
    }
  }

  /**
   * After the input is done: waits until every instance is RUNNING, the group has committed every
   * input and {@code watch} has seen {@code records} outputs, stops the fleet, then verifies.
   */
  static Verification drainAndVerify(
      ProcessorFleet fleet,
      VisibilityWatch watch,
      long records,
      String bootstrapServers,
      ProcessorFleet.Topics topics,
      Duration slack) {
    fleet.awaitAllRunning(slack);
    fleet.awaitAllCommitted(slack);
    Await.until(
        "every output visible (" + watch.seen() + " of " + records + ")",
        slack,
        () -> watch.seen() >= records);
    fleet.stopAll();
    return new OutputVerifier(bootstrapServers)
        .verify(topics.input(), topics.output(), topics.deadLetters(), slack);
  }

  /** A time-stamped progress line on standard output. */
  public static void log(String format, Object... args) {
    System.out.println(Instant.now() + " " + String.format(format, args));
  }
}
