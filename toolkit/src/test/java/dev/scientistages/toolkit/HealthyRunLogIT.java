package dev.scientistages.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scientistages.io.ScientistLines;
import dev.scientistages.serde.JsonSerde;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.CommittedRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A healthy run logs no warning and no error: {@code run} on its embedded broker, fed good records
 * by {@code produce --generate}, then stopped with SIGTERM. A warning there would teach users to
 * ignore warnings (docs/decisions/0009-quiet-transaction-retries.md).
 */
class HealthyRunLogIT {
  private static final Duration START = Duration.ofSeconds(90);
  private static final int RECORDS = 5000;
  private static final long SEED = 42;

  /** A line at WARN or ERROR in the plain format of log4j2.properties. */
  private static final Pattern WARN_OR_ERROR =
      Pattern.compile("^\\S+ (WARN|ERROR) .*$", Pattern.MULTILINE);

  @TempDir Path dir;

  @Test
  void shouldLogNoWarningOrErrorFromStartThroughRecordsToCleanStop() throws Exception {
    try (EmbeddedRun embedded = EmbeddedRun.start(dir, START)) {
      AppProcess run = embedded.process();
      String bootstrap = embedded.bootstrap();

      try (AppProcess produce =
          AppProcess.start(
              dir,
              "produce",
              "produce",
              "-b",
              bootstrap,
              "--generate",
              Integer.toString(RECORDS),
              "--seed",
              Long.toString(SEED))) {
        assertThat(produce.awaitExit(START)).as("produce: %s", produce.stderr()).isZero();
        assertThat(warningsAndErrors(produce)).as("produce's warnings and errors").isEmpty();
      }

      CommittedRecords.readAtLeast(bootstrap, "ages", RECORDS, START);
      assertThat(ages(CommittedRecords.readAll(bootstrap, "ages")))
          .as("one age per generated scientist, none twice")
          .isEqualTo(expectedAges());

      assertThat(run.stop(Duration.ofSeconds(60))).isIn(0, 143);
      assertThat(run.stderr())
          .contains("Processor stopped in")
          .contains("Embedded Kafka broker at " + bootstrap + " stopped");
      assertThat(warningsAndErrors(run)).as("run's warnings and errors").isEmpty();
    }
  }

  private static List<String> warningsAndErrors(AppProcess process) {
    List<String> found = new ArrayList<>();
    for (String output : List.of(process.stdout(), process.stderr())) {
      WARN_OR_ERROR.matcher(output).results().forEach(m -> found.add(m.group()));
    }
    return found;
  }

  private static Map<String, Integer> expectedAges() throws IOException {
    Map<String, Integer> expected = new HashMap<>();
    for (long n = 0; n < RECORDS; n++) {
      JsonNode scientist = JsonSerde.MAPPER.readTree(ScientistLines.generated(SEED, n));
      expected.put(scientist.get("name").asText(), 2017 - scientist.get("born").asInt());
    }
    return expected;
  }

  private static Map<String, Integer> ages(List<ConsumerRecord<byte[], byte[]>> records)
      throws IOException {
    Map<String, Integer> ages = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      JsonNode age = JsonSerde.MAPPER.readTree(r.value());
      String name = age.get("name").asText();
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(name);
      assertThat(ages.put(name, age.get("age").asInt())).as("%s twice", name).isNull();
    }
    return ages;
  }
}
