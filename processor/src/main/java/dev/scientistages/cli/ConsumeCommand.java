package dev.scientistages.cli;

import dev.scientistages.cluster.ClusterAccessException;
import dev.scientistages.config.Settings;
import dev.scientistages.deadletter.DeadLetterView;
import dev.scientistages.io.TopicReader;
import dev.scientistages.topics.TopicEnsurer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code consume}: prints the output topic (or the dead letters) as JSON lines. */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    description = {
      "Print the ages (or the dead letters) as JSON lines.",
      "Print the ages topic as JSON lines (read_committed: only what committed transactions"
          + " wrote), or with --dead-letters the dead-letter topic, one JSON line a record with"
          + " its reason code, error, source and original key and value.",
      "Joins no consumer group and commits nothing. Stops at Ctrl-C, after --max records, or"
          + " after --timeout without a new record."
    })
public final class ConsumeCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Spec CommandSpec spec;

  @Option(names = "--dead-letters", description = "Read the dead-letter topic instead.")
  boolean deadLetters;

  @Option(names = "--topic", paramLabel = "TOPIC", description = "Read this topic instead.")
  String topic;

  @Option(
      names = "--from-beginning",
      description = "Start at the oldest record (default: only new records).")
  boolean fromBeginning;

  @Option(
      names = "--max",
      paramLabel = "N",
      converter = Bounded.LongCount.class,
      description = "Stop after N records.")
  Long max;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop after this long without a new record (e.g. 10s; default: never).")
  Duration timeout;

  @Override
  public Integer call() {
    Settings settings = kafka.settings(Map.of());
    String bootstrap = KafkaOptions.clusterOrLocal(settings);
    String source =
        topic != null ? topic : deadLetters ? settings.deadLetterTopic() : settings.outputTopic();
    TopicEnsurer.require(settings, bootstrap, List.of(source), failure -> grantHint(source));
    PrintWriter out = spec.commandLine().getOut();
    long count;
    try {
      count = consume(settings.consumerProperties(bootstrap), source, out);
    } catch (RuntimeException e) {
      throw ClusterAccessException.of(e, settings, bootstrap, grantHint(source))
          .orElseThrow(() -> e);
    }
    spec.commandLine().getErr().printf("Consumed %d record(s) from '%s'.%n", count, source);
    return ExitCode.OK.code();
  }

  /** consume joins no group: it needs only to read the topic. */
  static String grantHint(String topic) {
    return "consume needs READ on topic '" + topic + "' (it joins no consumer group)";
  }

  /** Prints records until --max, --timeout or Ctrl-C; returns how many. */
  private long consume(Properties properties, String source, PrintWriter out) {
    long count = 0;
    try (TopicReader reader = new TopicReader(properties, source, fromBeginning)) {
      Shutdown shutdown = Shutdown.onSignal(reader::wakeup);
      long lastRecordAt = System.nanoTime();
      try {
        while (max == null || count < max) {
          var records = reader.poll(Duration.ofMillis(200));
          for (ConsumerRecord<byte[], byte[]> r : records) {
            out.println(deadLetters ? DeadLetterView.toJson(r) : text(r.value()));
            count++;
            if (max != null && count >= max) {
              break;
            }
          }
          out.flush();
          if (!records.isEmpty()) {
            lastRecordAt = System.nanoTime();
          } else if (timeout != null && System.nanoTime() - lastRecordAt > timeout.toNanos()) {
            break;
          }
        }
      } catch (WakeupException e) {
        // Ctrl-C: stop quietly.
      } finally {
        if (!Shutdown.inProgress()) {
          shutdown.cancel();
        }
      }
    }
    out.flush();
    return count;
  }

  private static String text(byte[] value) {
    return value == null ? "null" : new String(value, StandardCharsets.UTF_8);
  }
}
