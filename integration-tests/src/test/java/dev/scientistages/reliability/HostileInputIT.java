package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.TestApps;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.HostileRecords;
import dev.scientistages.support.OutputVerifier;
import dev.scientistages.support.ProcessorFleet;
import dev.scientistages.support.ScientistDriver;
import dev.scientistages.support.Slow;
import dev.scientistages.support.Verification;
import dev.scientistages.toolkit.BrokerJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile records of every kind mixed into a stream of good ones: the processor never leaves
 * RUNNING, every input comes out either mapped or dead-lettered (never both, never neither), and
 * each dead letter carries the reason docs/reliability.md gives and the original bytes.
 */
@Slow
class HostileInputIT {
  private static final long GOOD = Long.getLong("hostile.good", 40_000);
  private static final long HOSTILE = Long.getLong("hostile.bad", 8_000);
  private static final Pattern LEFT_RUNNING = Pattern.compile("Streams state RUNNING ->");

  // Kept when a test fails: the processors' and the broker's output are there.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void shouldDeadLetterEveryHostileRecordWithItsReasonAndNeverLeaveRunning() {
    ProcessorFleet.Topics topics = ProcessorFleet.Topics.of("hostile");
    try (BrokerJvm broker = BrokerJvm.start(dir, Map.of())) {
      TestApps.ensureTopics(topics, broker.bootstrapServers());
      try (ProcessorFleet fleet =
          new ProcessorFleet(
              dir,
              broker.bootstrapServers(),
              "hostile",
              topics,
              1,
              List.of("--threads", "2", "-s", "ages.http.port=off"))) {
        fleet.startAll();
        fleet.awaitAllRunning(Duration.ofSeconds(120));
        AppProcess processor = fleet.instance(0);
        int stateLines =
            fleet.awaitSteadyRunning(0, Duration.ofSeconds(5), Duration.ofSeconds(120));
        int leftRunning = processor.countOutput(LEFT_RUNNING);
        try (ScientistDriver driver =
            ScientistDriver.start(
                broker.bootstrapServers(),
                topics.input(),
                new HostileRecords(GOOD, HOSTILE, 11),
                0)) {
          driver.awaitDone(Duration.ofMinutes(3));
        }
        fleet.awaitAllCommitted(Duration.ofMinutes(3));

        // Never left RUNNING while the hostile records went through.
        assertThat(processor.isAlive()).isTrue();
        assertThat(processor.countOutput(ProcessorFleet.STATE)).isEqualTo(stateLines);
        assertThat(processor.lastOutput(ProcessorFleet.STATE)).isEqualTo("RUNNING");
        assertThat(processor.countOutput(LEFT_RUNNING)).isEqualTo(leftRunning);
        fleet.stopAll();

        Verification v =
            new OutputVerifier(broker.bootstrapServers())
                .verify(
                    topics.input(), topics.output(), topics.deadLetters(), Duration.ofSeconds(60));
        System.out.println("hostile input: " + v);
        assertThat(v.samples()).as(v.toString()).isEmpty();
        assertThat(v.exactlyOnce()).as(v.toString()).isTrue();
        assertThat(v.inputs()).isEqualTo(GOOD + HOSTILE);
        assertThat(v.expectedDeadLetters()).isGreaterThan(HOSTILE * 3 / 4);
        assertThat(v.outputs()).isEqualTo(v.expectedOutputs());
        assertThat(v.deadLetters()).isEqualTo(v.expectedDeadLetters());
        assertThat(v.outputs() + v.deadLetters()).isEqualTo(v.inputs());
      }
    }
  }
}
