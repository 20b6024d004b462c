package dev.scientistages;

import dev.scientistages.config.Settings;
import dev.scientistages.topics.TopicEnsurer;
import dev.scientistages.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running processor: ensures the topics, then runs {@link AgeTopology} on a {@link
 * KafkaStreams} client until it is closed or fails.
 *
 * <p>A failure that escapes a stream thread shuts the whole client down (state ERROR) rather than
 * retrying forever in place: the process then exits non-zero and its supervisor (a container
 * restart policy, systemd) starts it afresh, which is the cure for whatever a thread could not
 * survive. Bad records never get that far: they go to the dead-letter topic.
 */
public final class AgesService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgesService.class);

  /** How long start-up waits for the cluster to answer the topic checks. */
  public static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  /** How long a close waits for the stream threads to commit and stop. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Settings settings;
  private final String bootstrapServers;
  private final KafkaStreams streams;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile KafkaStreams.State lastState = KafkaStreams.State.CREATED;

  private AgesService(Settings settings, String bootstrapServers, KafkaStreams streams) {
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
    this.streams = streams;
  }

  /** Ensures the topics and starts the stream threads. */
  public static AgesService start(Settings settings, String bootstrapServers) {
    ensureTopics(settings, bootstrapServers);
    StreamsConfig config = new StreamsConfig(settings.streamsProperties(bootstrapServers));
    KafkaStreams streams =
        new KafkaStreams(
            AgeTopology.build(
                settings.inputTopic(), settings.outputTopic(), settings.referenceYear(), config),
            config);
    AgesService service = new AgesService(settings, bootstrapServers, streams);
    streams.setStateListener(service::onStateChange);
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("A stream thread failed; shutting the client down", e);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.start();
    LOG.info(
        "Processing {} -> {} (dead letters: {}) with application.id={}, {} stream thread(s), {},"
            + " reference year {}",
        settings.inputTopic(),
        settings.outputTopic(),
        settings.deadLetterTopic(),
        settings.applicationId(),
        settings.numStreamThreads(),
        settings.get("processing.guarantee"),
        settings.referenceYear());
    return service;
  }

  /** Creates missing topics from the topic files, checks existing ones. */
  public static List<TopicSpec> ensureTopics(Settings settings, String bootstrapServers) {
    List<TopicSpec> specs = TopicEnsurer.resolve(settings);
    try (Admin admin = Admin.create(settings.adminProperties(bootstrapServers))) {
      new TopicEnsurer(admin, ADMIN_TIMEOUT).ensure(specs, settings.topicsCreate());
    }
    LOG.info("Topics ready: {}", specs.stream().map(TopicSpec::name).toList());
    return specs;
  }

  private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    lastState = newState;
    LOG.info("Streams state {} -> {}", oldState, newState);
    if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
      terminated.countDown();
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  public Settings settings() {
    return settings;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Waits until the client has stopped (ERROR or NOT_RUNNING) or the timeout passes. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** True once the client has ended in ERROR: the process should exit non-zero. */
  public boolean failed() {
    return lastState == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.ERROR;
  }

  /** Stops the stream threads within {@link #CLOSE_TIMEOUT}; true if they all stopped. */
  public boolean close(Duration timeout) {
    boolean stopped = streams.close(timeout);
    if (!stopped) {
      LOG.warn("Stream threads did not stop within {} s", timeout.toSeconds());
    }
    return stopped;
  }

  @Override
  public void close() {
    close(CLOSE_TIMEOUT);
  }
}
