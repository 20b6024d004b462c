package dev.scientistages.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.cli.ExitCode;
import dev.scientistages.config.Settings;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Slow;
import dev.scientistages.toolkit.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A cluster that does not answer, or lacks a topic: every verb that talks to Kafka gives up when it
 * says, with exit code 3 and one message naming the address or the topic.
 */
@Slow
class UnreachableClusterIT {
  private static final String NOWHERE = "127.0.0.1:1";

  private static EmbeddedKafka broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafka.start(0, null);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldGiveUpInTheTimeItStatesWithOneLineWhileItWaits(@TempDir Path dir) {
    long start = System.nanoTime();
    try (AppProcess app =
        AppProcess.start(dir, "run", "run", "-b", NOWHERE, "-s", "ages.http.port=off")) {
      assertThat(app.awaitExit(Duration.ofSeconds(120))).isEqualTo(ExitCode.UNAVAILABLE.code());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String err = app.stderr();
      assertThat(err)
          .contains("the cluster at 127.0.0.1:1 did not answer within 30 s")
          .doesNotContain("Exception");
      // The bound it states, plus the JVM's start and the client's own close.
      assertThat(took).as(err).isLessThan(Duration.ofSeconds(45));
      assertThat(err.lines().filter(l -> l.contains(" WARN ")).count())
          .as("warnings while it waits:%n%s", err)
          .isLessThanOrEqualTo(2);
    }
  }

  /** Each verb and its arguments, split on spaces. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "run, -s ages.http.port=off",
    "produce, --generate 7 --no-progress",
    "consume, --from-beginning --timeout 10s",
    "redrive, --no-progress",
    "topics create, ''",
  })
  void shouldStopWithExitCodeThreeNamingTheAddressWithinTheSetting(
      String verb, String args, @TempDir Path dir) {
    long start = System.nanoTime();
    try (AppProcess app = start(dir, verb, args, NOWHERE)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60)))
          .as(app.stderr())
          .isEqualTo(ExitCode.UNAVAILABLE.code());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String output = app.stdout() + app.stderr();
      assertThat(errorLine(app))
          .contains("the cluster at " + NOWHERE + " did not answer within 3 s")
          .endsWith("(is bootstrap.servers right, and the cluster up?)");
      assertThat(output).doesNotContain("Exception");
      // 3 s, the JVM's start and the client's close: far below the 31 s (or 422 s) of before.
      assertThat(took).as(output).isLessThan(Duration.ofSeconds(15));
      assertThat(output.lines().count()).as("lines:%n%s", output).isLessThanOrEqualTo(4);
    }
  }

  /** Each verb, its arguments, and the topic it needs: none of them creates it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "run, -s ages.http.port=off -s ages.topics.create=false, scientists",
    "produce, --generate 7 --no-progress, scientists",
    "consume, --from-beginning --timeout 10s, ages",
    "redrive, --no-progress, scientists.dlq",
  })
  void shouldStopWithExitCodeThreeNamingTheMissingTopic(
      String verb, String args, String topic, @TempDir Path dir) {
    long start = System.nanoTime();
    try (AppProcess app = start(dir, verb, args, broker.bootstrapServers())) {
      assertThat(app.awaitExit(Duration.ofSeconds(60)))
          .as(app.stderr())
          .isEqualTo(ExitCode.UNAVAILABLE.code());
      assertThat(errorLine(app)).contains("'" + topic + "'").contains("exist");
      assertThat(app.stdout() + app.stderr()).doesNotContain("Exception");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
  }

  /** The verb from the processor's jar, waiting 3 s for the cluster. */
  private static AppProcess start(Path dir, String verb, String args, String bootstrap) {
    List<String> command = new ArrayList<>(List.of(verb.split(" ")));
    if (!args.isBlank()) {
      command.addAll(List.of(args.split(" ")));
    }
    command.addAll(List.of("-b", bootstrap, "-s", Settings.CLUSTER_TIMEOUT + "=3000"));
    return AppProcess.start(dir, verb.replace(' ', '-'), command.toArray(String[]::new));
  }

  /** The one line that says why the verb stopped. */
  private static String errorLine(AppProcess app) {
    List<String> lines = app.stderr().lines().filter(l -> l.startsWith("Error: ")).toList();
    assertThat(lines).as("one error line in:%n%s", app.stderr()).hasSize(1);
    return lines.get(0);
  }
}
