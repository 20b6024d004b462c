package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.TestApps;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.support.OutputVerifier;
import dev.scientistages.support.ProcessorFleet;
import dev.scientistages.support.ScientistDriver;
import dev.scientistages.support.ScientistRecords;
import dev.scientistages.support.Slow;
import dev.scientistages.support.Verification;
import dev.scientistages.toolkit.BrokerJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker (a separate JVM) is stopped cleanly, then killed hard, in the middle of a run, and
 * each time started again on the same data and port, kept away longer than the processor's
 * transaction timeout. The processor is never restarted: it must come back to RUNNING by itself,
 * and the output must still hold every input, mapped, per key in order.
 *
 * <p>Two layouts. With the KRaft controller in a JVM of its own that stays up (as production
 * clusters run), exactly_once_v2 must hold: 0 lost, 0 duplicated, no transaction left open. With
 * one node that is broker and controller at once (the embedded broker, the compose file),
 * at_least_once must hold: Kafka 4.4 can drop transaction markers when such a node restarts after a
 * hard kill (KAFKA-20734, docs/reliability.md), which {@code
 * -Dbroker.restart.combined.guarantee=exactly_once_v2} reproduces.
 */
@Slow
class BrokerRestartIT {
  private static final long RECORDS = Long.getLong("broker.restart.records", 20_000);

  /** The combined node's guarantee; exactly_once_v2 reproduces Kafka 4.4's dropped markers. */
  private static final String COMBINED_GUARANTEE =
      System.getProperty("broker.restart.combined.guarantee", "at_least_once");

  /**
   * {@code -Dbroker.restart.broker.defaults=true}: the broker looks for timed-out transactions at
   * Kafka's default interval (10 s), as a cluster that was not asked to may do, instead of every
   * second as the embedded broker and the compose file do.
   */
  private static final boolean BROKER_DEFAULTS =
      Boolean.getBoolean("broker.restart.broker.defaults");

  /**
   * The processor's {@code producer.transaction.timeout.ms}; empty: the application's default,
   * shorter than the outages, so that the broker rolls back a transaction left open when it went
   * away.
   */
  private static final String TRANSACTION_TIMEOUT_MS =
      System.getProperty("broker.restart.transaction.timeout.ms", "");

  private static final Duration OUTAGE_NOTICED = Duration.ofSeconds(60);

  /**
   * How long the broker stays away at the least: longer than the transaction timeout (even Kafka
   * Streams' own 10 s), as a restart of a busy broker can be.
   */
  private static final Duration OUTAGE = Duration.ofSeconds(15);

  private static final Duration BACK = Duration.ofSeconds(180);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  // Kept when a test fails: the processors' and the broker's output are there.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void exactlyOnceAcrossACleanStopAndAHardKillOfTheBrokerWithADedicatedController() {
    run("exactly_once_v2", true);
  }

  @Test
  void atLeastOnceAcrossACleanStopAndAHardKillOfASingleCombinedNode() {
    run(COMBINED_GUARANTEE, false);
  }

  private void run(String guarantee, boolean separateController) {
    CrashRun.log(
        "broker restart: %s, %s",
        guarantee, separateController ? "dedicated controller" : "one combined node");
    ProcessorFleet.Topics topics = ProcessorFleet.Topics.of("broker-restart");
    List<String> arguments =
        new ArrayList<>(
            List.of("--guarantee", guarantee, "--threads", "2", "-s", "ages.http.port=0"));
    if (!TRANSACTION_TIMEOUT_MS.isEmpty()) {
      arguments.addAll(List.of("-s", "producer.transaction.timeout.ms=" + TRANSACTION_TIMEOUT_MS));
    }
    try (BrokerJvm broker =
        BrokerJvm.start(
            dir,
            BROKER_DEFAULTS
                ? Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "10000")
                : Map.of(),
            separateController)) {
      TestApps.ensureTopics(topics, broker.bootstrapServers());
      try (ProcessorFleet fleet =
          new ProcessorFleet(
              dir, broker.bootstrapServers(), "broker-restart", topics, 1, arguments)) {
        AppProcess processor = fleet.start(0);
        long pid = processor.pid();
        int port =
            Integer.parseInt(
                processor.awaitOutput(
                    Pattern.compile("http://[^/]+:(\\d+)/health"), Duration.ofSeconds(60)));
        awaitReady(processor, port, 200, BACK);

        try (ScientistDriver driver =
            ScientistDriver.start(
                broker.bootstrapServers(),
                topics.input(),
                new ScientistRecords(RECORDS, 10, 2017),
                RECORDS / 30.0)) {
          driver.awaitAcknowledged(RECORDS / 3, BACK);
          CrashRun.log(
              "SIGTERM to the broker at %d acknowledged input records", driver.acknowledged());
          long down = System.nanoTime();
          assertThat(broker.stop()).isIn(0, 143);
          awaitReady(processor, port, 503, OUTAGE_NOTICED);
          lastAtLeast(down, OUTAGE);
          broker.restart();
          awaitReady(processor, port, 200, BACK);
          CrashRun.log("processor ready again after the clean broker restart");

          driver.awaitAcknowledged(RECORDS * 2 / 3, BACK);
          CrashRun.log(
              "SIGKILL to the broker at %d acknowledged input records", driver.acknowledged());
          down = System.nanoTime();
          broker.kill();
          awaitReady(processor, port, 503, OUTAGE_NOTICED);
          lastAtLeast(down, OUTAGE);
          broker.restart();
          awaitReady(processor, port, 200, BACK);
          CrashRun.log("processor ready again after the hard broker restart");

          driver.awaitDone(BACK);
        }
        fleet.awaitAllCommitted(BACK);

        // The same process all along, RUNNING by itself.
        assertThat(processor.isAlive()).isTrue();
        assertThat(fleet.instance(0).pid()).isEqualTo(pid);
        assertThat(fleet.restarts()).isZero();
        // RUNNING by itself (a rebalance after the restart may still be settling).
        Await.until(
            "the processor to log RUNNING",
            Duration.ofSeconds(60),
            () -> "RUNNING".equals(processor.lastOutput(ProcessorFleet.STATE)));
        fleet.stopAll();

        Verification v =
            new OutputVerifier(broker.bootstrapServers())
                .verify(
                    topics.input(), topics.output(), topics.deadLetters(), Duration.ofSeconds(60));
        CrashRun.log("broker restart: %s", v);
        CrashRun.log(
            "the broker rolled back %d timed-out transaction(s), dropped the markers of %d"
                + " (\"Couldn't find leader endpoint\"); %d stream thread(s) replaced",
            broker.countOutput("Completed rollback of ongoing transaction"),
            broker.countOutput("Couldn't find leader endpoint for partitions"),
            processor.stderr().lines().filter(l -> l.contains("replacing it")).count());
        assertThat(v.inputs()).isEqualTo(RECORDS);
        assertThat(v.deadLetters()).isZero();
        if (guarantee.equals("exactly_once_v2")) {
          assertThat(v.samples()).as(v.toString()).isEmpty();
          assertThat(v.exactlyOnce()).as(v.toString()).isTrue();
          assertThat(v.outputs()).isEqualTo(RECORDS);
        } else {
          // Nothing lost, per key in order; duplicates are at-least-once's right, and counted.
          assertThat(v.atLeastOnce()).as(v.toString()).isTrue();
          assertThat(v.lost()).isZero();
          assertThat(v.outputs()).isEqualTo(RECORDS + v.duplicated());
          CrashRun.log("broker restart, at_least_once duplicates: %d", v.duplicated());
        }
      }
    }
  }

  /** The outage is part of the scenario: it lasts {@code outage} from {@code since}, not less. */
  private static void lastAtLeast(long since, Duration outage) {
    long left = since + outage.toNanos() - System.nanoTime();
    if (left > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /** Waits until {@code /ready} answers {@code status}; the processor must stay alive. */
  private static void awaitReady(AppProcess processor, int port, int status, Duration timeout) {
    Await.until(
        "/ready to answer " + status,
        timeout,
        () -> {
          if (!processor.isAlive()) {
            throw new AssertionError("the processor exited:\n" + processor.stderr());
          }
          try {
            return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == status;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
        });
  }
}
