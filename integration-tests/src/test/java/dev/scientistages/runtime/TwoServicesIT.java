package dev.scientistages.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.TestApps;
import dev.scientistages.config.Settings;
import dev.scientistages.deadletter.Reason;
import dev.scientistages.io.LineProducer;
import dev.scientistages.support.Await;
import dev.scientistages.toolkit.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two services in one JVM keep apart: each counts only its own records (no static state). */
class TwoServicesIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void shouldCountOnlyItsOwnRecords(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start(0, null)) {
      Settings first = TestApps.settings("two-services-a", dir, "num.stream.threads", "1");
      Settings second = TestApps.settings("two-services-b", dir, "num.stream.threads", "1");
      try (ProcessorService a = ProcessorService.start(first, broker.bootstrapServers());
          ProcessorService b = ProcessorService.start(second, broker.bootstrapServers())) {
        send(first, broker, 5, 1);
        send(second, broker, 3, 2);

        Await.until(
            "both services account for what they read",
            WAIT,
            () ->
                a.counts().readCount() == 6
                    && a.counts().unaccounted() == 0
                    && b.counts().readCount() == 5
                    && b.counts().unaccounted() == 0);
        assertThat(a.counts().mappedCount()).isEqualTo(5);
        assertThat(a.counts().deadLetteredCount(Reason.MISSING_BORN)).isEqualTo(1);
        assertThat(a.counts().deadLetteredCount()).isEqualTo(1);
        assertThat(b.counts().mappedCount()).isEqualTo(3);
        assertThat(b.counts().deadLetteredCount(Reason.MISSING_BORN)).isEqualTo(2);
        assertThat(b.counts().deadLetteredCount()).isEqualTo(2);
      }
    }
  }

  /** {@code good} scientists and {@code bad} records without {@code born} to the app's input. */
  private static void send(Settings settings, EmbeddedKafka broker, int good, int bad) {
    try (LineProducer producer =
        new LineProducer(
            settings.producerProperties(broker.bootstrapServers()), settings.inputTopic())) {
      for (int i = 0; i < good; i++) {
        producer.send("{\"name\":\"S" + i + "\",\"born\":" + (1900 + i) + "}");
      }
      for (int i = 0; i < bad; i++) {
        producer.send("{\"name\":\"No Born " + i + "\"}");
      }
      producer.flush();
    }
  }
}
