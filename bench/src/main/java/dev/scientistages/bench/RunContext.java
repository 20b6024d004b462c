package dev.scientistages.bench;

import dev.scientistages.config.Settings;
import dev.scientistages.toolkit.Directories;
import dev.scientistages.topology.RecordCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What every run of one bench shares: the plan, the settings and the cluster they reach, the
 * bench's topics, the id its topics, groups and clients are named after, the dead-letter topic and
 * the Streams clients' state directory. Closing it removes the topics, groups and directory.
 */
final class RunContext implements AutoCloseable {
  /** How long a run may go without progress before it counts as failed. */
  static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);

  private final BenchPlan plan;
  private final Settings settings;
  private final String bootstrap;
  private final BenchLog log;
  private final String id = "bench-" + Long.toString(System.currentTimeMillis(), 36);
  private final Path stateDir;
  private BenchTopics topics;

  private RunContext(BenchPlan plan, Settings settings, String bootstrap, BenchLog log) {
    this.plan = plan;
    this.settings = settings;
    this.bootstrap = bootstrap;
    this.log = log;
    try {
      this.stateDir = Files.createTempDirectory("scientist-ages-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RunContext open(BenchPlan plan, Settings settings, String bootstrap, BenchLog log) {
    RunContext context = new RunContext(plan, settings, bootstrap, log);
    try {
      context.topics = new BenchTopics(settings.adminProperties(bootstrap));
    } catch (RuntimeException e) {
      context.deleteStateDir();
      throw e;
    }
    return context;
  }

  BenchPlan plan() {
    return plan;
  }

  Settings settings() {
    return settings;
  }

  String bootstrap() {
    return bootstrap;
  }

  BenchLog log() {
    return log;
  }

  BenchTopics topics() {
    return topics;
  }

  /** The prefix of every topic, group and client of this bench. */
  String id() {
    return id;
  }

  String deadLetterTopic() {
    return id + "-dlq";
  }

  /**
   * Creates the fresh output topic {@code runId-out}. The broker stamps each output record with the
   * time it appended it: the run's throughput is read off the output itself, free of start-up and
   * of how quickly anyone looked.
   */
  String appendTimeOutput(String runId) {
    String output = runId + "-out";
    topics.create(output, plan.partitions(), Map.of("message.timestamp.type", "LogAppendTime"));
    return output;
  }

  /** The application's settings for one run: its id, guarantee, threads and topics. */
  Settings runSettings(String runId, String guarantee, int threads, String in, String out) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(StreamsConfig.APPLICATION_ID_CONFIG, runId);
    flags.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    flags.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
    flags.put(Settings.INPUT_TOPIC, in);
    flags.put(Settings.OUTPUT_TOPIC, out);
    flags.put(Settings.DEAD_LETTER_TOPIC, deadLetterTopic());
    flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return settings.with(flags);
  }

  StreamsConfig streamsConfig(Settings s) {
    return new StreamsConfig(new RecordCounts().addTo(s.streamsProperties(bootstrap)));
  }

  @Override
  public void close() {
    try {
      topics.close();
    } finally {
      deleteStateDir();
    }
  }

  private void deleteStateDir() {
    try {
      Directories.deleteRecursively(stateDir);
    } catch (IOException e) {
      // A temporary directory: the system cleans it up in the end.
    }
  }
}
