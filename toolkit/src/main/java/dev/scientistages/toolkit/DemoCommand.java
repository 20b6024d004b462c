package dev.scientistages.toolkit;

import dev.scientistages.cli.DataDirOption;
import dev.scientistages.cli.DurationConverter;
import dev.scientistages.cli.ExitCode;
import dev.scientistages.cli.KafkaOptions;
import dev.scientistages.cli.ProcessorOptions;
import dev.scientistages.cli.Verb;
import dev.scientistages.cluster.Cluster;
import dev.scientistages.cluster.ClusterAccessException;
import dev.scientistages.config.Settings;
import dev.scientistages.deadletter.DeadLetterHeaders;
import dev.scientistages.deadletter.DeadLetterView;
import dev.scientistages.io.LineProducer;
import dev.scientistages.io.ScientistLines;
import dev.scientistages.io.TopicReader;
import dev.scientistages.runtime.ProcessorService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.ThreadMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the classic example end to end, on its own topics and application id so that it
 * never disturbs a processor already running on the same cluster.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    resourceBundle = "dev.scientistages.toolkit.demo-help",
    description = {
      "The classic example end to end, on a broker of its own.",
      "A broker (embedded, unless one is configured), its own topics and application id, the"
          + " processor, the seven classic scientists (or --input FILE), then the results in"
          + " input order and a summary."
    })
public final class DemoCommand implements Callable<Integer>, Verb {
  @Mixin KafkaOptions kafka;
  @Mixin ProcessorOptions processor;
  @Mixin DataDirOption dataDir;
  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description = "JSON lines to use instead of the classic seven scientists.")
  Path input;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "120s",
      description =
          "How long to wait for every record to be accounted for (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--keep-topics",
      description = "On a configured cluster, keep the demo's topics and group afterwards.")
  boolean keepTopics;

  /** One input line and where the producer put it. */
  private record Sent(String line, String key, TopicPartition partition, long offset) {}

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    List<String> lines = readInput();
    String run = "scientist-ages-demo-" + Long.toString(System.currentTimeMillis(), 36);
    // The demo's own defaults; a --set of the same key wins.
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(Settings.REFERENCE_YEAR, "2017");
    flags.put("application.id", run);
    flags.put(Settings.INPUT_TOPIC, run + ".scientists");
    flags.put(Settings.OUTPUT_TOPIC, run + ".ages");
    flags.put(Settings.DEAD_LETTER_TOPIC, run + ".dlq");
    flags.put(Settings.TOPICS_CREATE, "true");
    flags.put(Settings.HTTP_PORT, "off");
    if (!kafka.embeddedPortGiven()) {
      flags.put(Settings.EMBEDDED_PORT, "0");
    }
    flags.keySet().removeAll(kafka.setFlags().keySet());
    flags.putAll(processor.flags());
    Settings settings = kafka.settings(flags);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    try (Cluster cluster = Cluster.open(settings)) {
      String bootstrap = cluster.bootstrapServers();
      err.printf(
          "Demo on %s%s: %s -> %s (dead letters: %s), reference year %s.%n",
          bootstrap,
          cluster.local().isPresent() ? " (embedded broker)" : "",
          settings.inputTopic(),
          settings.outputTopic(),
          settings.deadLetterTopic(),
          settings.referenceYear());
      err.flush();
      int code;
      try (ProcessorService service = ProcessorService.start(settings, bootstrap)) {
        try {
          code = runDemo(settings, bootstrap, service, lines, started, out, err);
        } catch (ExecutionException | RuntimeException e) {
          // The demo's own producer and readers meet a refused credential or ACL here.
          throw ClusterAccessException.of(e, settings, bootstrap).orElseThrow(() -> e);
        }
        if (code != 0 && service.failed()) {
          Optional<ClusterAccessException> denied = service.accessFailure();
          if (denied.isPresent()) {
            throw denied.get();
          }
        }
      } finally {
        if (cluster.local().isEmpty() && !keepTopics) {
          cleanUp(settings, bootstrap, err);
        }
      }
      return code;
    }
  }

  private int runDemo(
      Settings settings,
      String bootstrap,
      ProcessorService service,
      List<String> lines,
      long started,
      PrintWriter out,
      PrintWriter err)
      throws InterruptedException, ExecutionException {
    List<Sent> sent = new ArrayList<>();
    try (LineProducer producer =
        new LineProducer(settings.producerProperties(bootstrap), settings.inputTopic())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (String line : lines) {
        acks.add(producer.send(line));
      }
      producer.flush();
      for (int i = 0; i < lines.size(); i++) {
        RecordMetadata m = acks.get(i).get();
        sent.add(
            new Sent(
                lines.get(i),
                ScientistLines.keyOf(lines.get(i)),
                new TopicPartition(m.topic(), m.partition()),
                m.offset()));
      }
    }

    Map<String, Queue<String>> outputsByKey = new HashMap<>();
    Map<String, ConsumerRecord<byte[], byte[]>> deadBySource = new HashMap<>();
    int outputs = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    try (TopicReader ages =
            new TopicReader(settings.consumerProperties(bootstrap), settings.outputTopic(), true);
        TopicReader dead =
            new TopicReader(
                settings.consumerProperties(bootstrap), settings.deadLetterTopic(), true)) {
      while (outputs + deadBySource.size() < sent.size()) {
        if (System.nanoTime() > deadline) {
          err.printf(
              "Error: timed out after %d s: %d of %d record(s) accounted for (%d out, %d"
                  + " dead-lettered); streams state %s.%n",
              timeout.toSeconds(),
              outputs + deadBySource.size(),
              sent.size(),
              outputs,
              deadBySource.size(),
              service.state());
          return ExitCode.FAILED.code();
        }
        if (service.failed()) {
          err.println("Error: the processor failed (streams client in ERROR); see the log.");
          return ExitCode.FAILED.code();
        }
        for (ConsumerRecord<byte[], byte[]> r : ages.poll(Duration.ofMillis(100))) {
          outputsByKey
              .computeIfAbsent(keyText(r.key()), k -> new ArrayDeque<>())
              .add(new String(r.value(), StandardCharsets.UTF_8));
          outputs++;
        }
        for (ConsumerRecord<byte[], byte[]> r : dead.poll(Duration.ofMillis(10))) {
          deadBySource.put(
              DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.PARTITION)
                  + "@"
                  + DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.OFFSET),
              r);
        }
      }
    }

    for (Sent s : sent) {
      ConsumerRecord<byte[], byte[]> d =
          deadBySource.get(s.partition().partition() + "@" + s.offset());
      if (d != null) {
        out.println("dead-lettered " + DeadLetterView.toJson(d));
      } else {
        Queue<String> q = outputsByKey.get(s.key());
        out.println(q == null || q.isEmpty() ? "(no output for " + s.line() + ")" : q.poll());
      }
    }
    out.flush();

    Set<TopicPartition> withInput = new HashSet<>();
    sent.forEach(s -> withInput.add(s.partition()));
    int threadsWithWork = 0;
    Set<TopicPartition> assigned = new HashSet<>();
    for (ThreadMetadata thread : service.streams().metadataForLocalThreads()) {
      List<TopicPartition> partitions =
          thread.activeTasks().stream().flatMap(t -> t.topicPartitions().stream()).toList();
      assigned.addAll(partitions);
      threadsWithWork += partitions.stream().anyMatch(withInput::contains) ? 1 : 0;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(
        "Summary: %d record(s) in, %d out, %d dead-lettered; %d of %d input partition(s) and %d"
            + " of %d stream thread(s) had work; %.1f s.%n",
        sent.size(),
        outputs,
        deadBySource.size(),
        withInput.size(),
        assigned.size(),
        threadsWithWork,
        settings.numStreamThreads(),
        seconds);
    err.flush();
    return outputs + deadBySource.size() == sent.size() ? 0 : 1;
  }

  private static String keyText(byte[] key) {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  private List<String> readInput() throws IOException {
    if (input == null) {
      return List.of(ScientistLines.CLASSIC);
    }
    return Files.readAllLines(input, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .toList();
  }

  /** Removes the demo's topics and consumer group from a shared cluster; best effort. */
  private static void cleanUp(Settings settings, String bootstrap, PrintWriter err) {
    try (Admin admin = Admin.create(settings.adminProperties(bootstrap))) {
      admin
          .deleteTopics(
              List.of(settings.inputTopic(), settings.outputTopic(), settings.deadLetterTopic()))
          .all()
          .get(settings.clusterTimeout().toMillis(), TimeUnit.MILLISECONDS);
      admin
          .deleteConsumerGroups(List.of(settings.applicationId()))
          .all()
          .get(settings.clusterTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      err.println(
          "Warning: could not remove the demo's topics and group ("
              + settings.applicationId()
              + "*): "
              + e.getMessage());
    }
  }
}
