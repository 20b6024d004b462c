package dev.scientistages.cli;

import dev.scientistages.cluster.ClusterAccessException;
import dev.scientistages.config.Settings;
import dev.scientistages.io.ByteLines;
import dev.scientistages.io.LineProducer;
import dev.scientistages.io.Pacer;
import dev.scientistages.io.ScientistLines;
import dev.scientistages.topics.TopicEnsurer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code produce}: JSON lines to the input topic, keyed by name, as they are. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
      "Send JSON lines, or generated scientists, to the input topic.",
      "Send JSON lines (from FILE, or standard input) to the input topic, one record a line,"
          + " key = the line's name. Lines are sent byte for byte as they are: a bad line reaches"
          + " the processor"
          + " and its dead-letter topic. Blank lines are skipped and counted.",
      "Or --generate N synthetic scientists."
    })
public final class ProduceCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "JSON lines to send; - or nothing = standard input.")
  String file;

  @Option(
      names = "--generate",
      paramLabel = "N",
      converter = Bounded.LongCount.class,
      description = "Send N generated scientists instead of reading lines.")
  Long generate;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "1",
      description = "Seed of --generate (default ${DEFAULT-VALUE}): the same seed, the same data.")
  long seed;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      converter = Bounded.Rate.class,
      description = "Send at most this many records a second, evenly (default: as fast as it can).")
  double rate;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Topic to send to (default: ages.topic.input, i.e. scientists).")
  String topic;

  @Mixin ProgressOption progress;

  @Override
  public Integer call() throws IOException {
    Settings settings = kafka.settings(Map.of());
    String bootstrap = KafkaOptions.clusterOrLocal(settings);
    String target = topic != null ? topic : settings.inputTopic();
    boolean showProgress = progress.shown();
    // Up front: else each record would wait max.block.ms for a cluster or a topic that is not
    // there.
    TopicEnsurer.require(settings, bootstrap, List.of(target), failure -> grantHint(target));
    long skipped;
    LineProducer producer = new LineProducer(settings.producerProperties(bootstrap), target);
    try {
      skipped = produce(producer, showProgress ? progressBar(target) : null);
    } catch (RuntimeException e) {
      throw ClusterAccessException.of(e, settings, bootstrap, grantHint(target))
          .orElseThrow(() -> e);
    }
    Exception failure = producer.failure();
    spec.commandLine()
        .getErr()
        .printf(
            "Produced %d of %d record(s) to '%s' at %s%s.%n",
            producer.acknowledged(),
            producer.sent(),
            target,
            bootstrap,
            skipped > 0 ? " (" + skipped + " blank line(s) skipped)" : "");
    if (failure != null) {
      Optional<ClusterAccessException> denied =
          ClusterAccessException.of(failure, settings, bootstrap, grantHint(target));
      if (denied.isPresent()) {
        throw denied.get();
      }
      spec.commandLine().getErr().println("Error: a send failed: " + failure.getMessage());
      return ExitCode.FAILED.code();
    }
    return ExitCode.OK.code();
  }

  /**
   * Sends every line (or generated record), then flushes and closes the producer; returns how many
   * blank lines it skipped.
   */
  private long produce(LineProducer producer, ProgressBar progress) throws IOException {
    long skipped = 0;
    long sent = 0;
    Pacer pacer = Pacer.of(rate);
    try (producer;
        ProgressBar bar = progress) {
      if (generate != null) {
        if (bar != null) {
          bar.maxHint(generate);
        }
        for (long n = 0; n < generate && !refused(producer); n++) {
          pacer.awaitStep(n);
          producer.send(
              ScientistLines.generatedName(n),
              ScientistLines.utf8(ScientistLines.generated(seed, n)));
          step(bar);
        }
      } else {
        try (ByteLines in = new ByteLines(open())) {
          for (byte[] line = in.next(); line != null && !refused(producer); line = in.next()) {
            if (ByteLines.isBlank(line)) {
              skipped++;
              continue;
            }
            pacer.awaitStep(sent++);
            producer.send(line);
            step(bar);
          }
        }
      }
      producer.flush();
    }
    return skipped;
  }

  static String grantHint(String topic) {
    return "produce needs WRITE on topic '" + topic + "'";
  }

  /** The cluster refused a send: every further one would wait to be refused the same way. */
  private static boolean refused(LineProducer producer) {
    Exception failure = producer.failure();
    return failure != null && ClusterAccessException.isAccessFailure(failure);
  }

  private static void step(ProgressBar bar) {
    if (bar != null) {
      bar.step();
    }
  }

  private static ProgressBar progressBar(String topic) {
    return new ProgressBarBuilder()
        .setTaskName("produce " + topic)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" records", 1)
        .showSpeed()
        .continuousUpdate()
        .build();
  }

  private InputStream open() throws IOException {
    if (file == null || file.equals("-")) {
      return System.in;
    }
    return Files.newInputStream(Path.of(file));
  }
}
