package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.support.BrokerProcess;
import dev.scientistages.support.CrashRun;
import dev.scientistages.support.OutputVerifier;
import dev.scientistages.support.OutputVerifier.Verification;
import dev.scientistages.support.ProcessorFleet;
import dev.scientistages.support.ScientistDriver;
import dev.scientistages.support.ScientistRecords;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker (a separate JVM) is stopped cleanly, then killed hard, in the middle of a run, and
 * each time started again on the same data and port. The processor is never restarted: it must come
 * back to RUNNING by itself, and the output must still hold every input, mapped, per key in order
 * (at least once; exactly once with {@code -Dbroker.restart.guarantee=exactly_once_v2}).
 */
class BrokerRestartIT {
  private static final long RECORDS = Long.getLong("broker.restart.records", 20_000);

  /**
   * at_least_once by default: under exactly_once_v2 ({@code
   * -Dbroker.restart.guarantee=exactly_once_v2}) Kafka 4.4 was seen to leave a transaction open on
   * some output partitions after the broker's restart, which hides everything after it from
   * read_committed readers (README, Reliability). That run is kept out of the default suite until
   * the cause is found, so that it does not make every build a coin toss.
   */
  private static final String GUARANTEE =
      System.getProperty("broker.restart.guarantee", "at_least_once");

  /** 60 s; {@code -Dbroker.restart.transaction.timeout.ms=10000} shows the duplicates. */
  private static final int TRANSACTION_TIMEOUT_MS =
      Integer.getInteger("broker.restart.transaction.timeout.ms", 60_000);

  /**
   * {@code -Dbroker.restart.separate.controller=true}: the KRaft controller in a JVM of its own.
   */
  private static final boolean SEPARATE_CONTROLLER =
      Boolean.getBoolean("broker.restart.separate.controller");

  private static final Duration OUTAGE_NOTICED = Duration.ofSeconds(60);

  /**
   * How long the broker stays away at the least: longer than Kafka Streams' default transaction
   * timeout (10 s), as a restart of a busy broker can be.
   */
  private static final Duration OUTAGE = Duration.ofSeconds(15);

  private static final Duration BACK = Duration.ofSeconds(180);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  // Kept when a test fails: the processors' and the broker's output are there.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void shouldComeBackByItselfAfterACleanStopAndAHardKillOfTheBroker() {
    ProcessorFleet.Topics topics = ProcessorFleet.Topics.of("broker-restart");
    try (BrokerProcess broker =
        BrokerProcess.start(dir, CrashRun.BROKER_OVERRIDES, SEPARATE_CONTROLLER)) {
      topics.ensure(broker.bootstrapServers());
      try (ProcessorFleet fleet =
          new ProcessorFleet(
              dir,
              broker.bootstrapServers(),
              "broker-restart",
              topics,
              1,
              List.of(
                  "--guarantee",
                  GUARANTEE,
                  "--threads",
                  "2",
                  "-s",
                  "ages.http.port=0",
                  // Longer than the outage (see the README, Reliability): with Kafka Streams'
                  // 10 s default, a transaction that the broker times out while it is down
                  // was seen to surface in read_committed output after the restart, beside its
                  // retry (committed duplicates). The outages here last 15 to 25 s.
                  "-s",
                  "producer.transaction.timeout.ms=" + TRANSACTION_TIMEOUT_MS))) {
        AppProcess processor = fleet.start(0);
        long pid = processor.pid();
        int port =
            Integer.parseInt(
                processor.awaitOutput(
                    Pattern.compile("http://localhost:(\\d+)/health"), Duration.ofSeconds(60)));
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
        assertThat(v.inputs()).isEqualTo(RECORDS);
        assertThat(v.deadLetters()).isZero();
        if (GUARANTEE.equals("exactly_once_v2")) {
          assertThat(v.samples()).as(v.toString()).isEmpty();
          assertThat(v.exactlyOnce()).as(v.toString()).isTrue();
          assertThat(v.outputs()).isEqualTo(RECORDS);
        } else {
          // Nothing lost, per key in order; duplicates are at-least-once's right, and counted.
          assertThat(v.atLeastOnce()).as(v.toString()).isTrue();
          assertThat(v.lost()).isZero();
          assertThat(v.outputs()).isEqualTo(RECORDS + v.duplicated());
          System.out.println("broker restart, at_least_once duplicates: " + v.duplicated());
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
