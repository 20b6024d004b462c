package dev.scientistages.runtime;

import dev.scientistages.cluster.ClusterAccessException;
import dev.scientistages.config.Settings;
import dev.scientistages.topics.TopicEnsurer;
import dev.scientistages.topology.AgeTopology;
import dev.scientistages.topology.RecordCounts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running processor: ensures the topics, then runs {@link AgeTopology} on a {@link
 * KafkaStreams} client, with the HTTP endpoint, until it is closed or fails. A fatal failure ends
 * the client (state ERROR) so that the process exits non-zero and its supervisor restarts it; bad
 * records never get that far. Lifecycle, endpoints and exit codes: docs/operations.md.
 */
public final class ProcessorService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessorService.class);

  /** How long a close waits for the stream threads to commit and stop. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration READINESS_CACHE = Duration.ofSeconds(2);

  private final Settings settings;
  private final String bootstrapServers;
  private final KafkaStreams streams;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile KafkaStreams.State lastState = KafkaStreams.State.CREATED;
  private volatile boolean closing;
  private final RecordCounts counts;
  private final ServiceMetrics metrics;
  private final ThreadFailurePolicy failurePolicy = new ThreadFailurePolicy();
  private final Admin readinessAdmin;
  private LastingIdentity identity;
  private OpsServer ops;
  private volatile Probe lastTopicCheck;
  private volatile long lastTopicCheckAt;

  private ProcessorService(
      Settings settings, String bootstrapServers, KafkaStreams streams, RecordCounts counts) {
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
    this.streams = streams;
    this.counts = counts;
    this.metrics = new ServiceMetrics(streams, counts, failurePolicy);
    this.readinessAdmin = Admin.create(settings.adminProperties(bootstrapServers));
  }

  private void startOps() {
    settings
        .httpPort()
        .ifPresent(
            port -> {
              ops =
                  OpsServer.start(
                      settings.httpHost(),
                      port,
                      this::liveness,
                      this::readiness,
                      metrics.registry());
            });
  }

  /** The HTTP endpoint's port, or -1 when it is off. */
  public int httpPort() {
    return ops == null ? -1 : ops.port();
  }

  public ServiceMetrics metrics() {
    return metrics;
  }

  /** What this service has done with records. */
  public RecordCounts counts() {
    return counts;
  }

  /**
   * Liveness: passes while the client is starting, rebalancing or running, and while it stops
   * because it was asked to; fails once it has failed or stopped on its own.
   */
  public Probe liveness() {
    KafkaStreams.State state = streams.state();
    String name = state.name();
    return switch (state) {
      case CREATED, REBALANCING, RUNNING -> Probe.pass(name);
      case PENDING_SHUTDOWN, NOT_RUNNING ->
          closing ? Probe.pass(name) : Probe.fail(name, "the streams client stopped unexpectedly");
      case PENDING_ERROR, ERROR -> Probe.fail(name, "the streams client failed; see the log");
    };
  }

  /** Readiness: passes only while RUNNING with the input topic present on the cluster. */
  public Probe readiness() {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      return Probe.fail(state.name(), "the streams client is " + state + ", not RUNNING");
    }
    long now = System.nanoTime();
    Probe cached = lastTopicCheck;
    if (cached == null || now - lastTopicCheckAt > READINESS_CACHE.toNanos()) {
      cached = checkInputTopic(state.name());
      lastTopicCheck = cached;
      lastTopicCheckAt = now;
    }
    return cached.ok() ? Probe.pass(state.name()) : Probe.fail(state.name(), cached.reason());
  }

  private Probe checkInputTopic(String state) {
    try {
      readinessAdmin
          .describeTopics(List.of(settings.inputTopic()))
          .allTopicNames()
          .get(READINESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return Probe.pass(state);
    } catch (ExecutionException e) {
      return Probe.fail(
          state,
          "input topic '"
              + settings.inputTopic()
              + "' not available: "
              + e.getCause().getMessage());
    } catch (TimeoutException e) {
      return Probe.fail(
          state,
          "the cluster did not answer within "
              + READINESS_TIMEOUT.toMillis()
              + " ms (input topic '"
              + settings.inputTopic()
              + "' unknown)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Probe.fail(state, "interrupted");
    }
  }

  /** Ensures the topics and starts the stream threads. */
  public static ProcessorService start(Settings settings, String bootstrapServers) {
    Map<String, String> effective = new TreeMap<>(settings.asMap());
    RecordCounts.HANDLERS.forEach(effective::putIfAbsent);
    LOG.info("Effective configuration: {}", SecretMasking.masked(effective));
    ensureTopics(settings, bootstrapServers);
    RecordCounts counts = new RecordCounts();
    Properties properties = counts.addTo(settings.streamsProperties(bootstrapServers));
    LastingIdentity identity = LastingIdentity.apply(settings, properties);
    StreamsConfig config = new StreamsConfig(properties);
    Topology topology =
        AgeTopology.build(
            settings.inputTopic(),
            settings.outputTopic(),
            settings.referenceYear(),
            config,
            counts);
    KafkaStreams streams;
    try {
      streams =
          identity
              .clientSupplier()
              .map(clients -> new KafkaStreams(topology, config, clients))
              .orElseGet(() -> new KafkaStreams(topology, config));
    } catch (RuntimeException e) {
      identity.close();
      throw e;
    }
    ProcessorService service = new ProcessorService(settings, bootstrapServers, streams, counts);
    service.identity = identity;
    streams.setStateListener(service::onStateChange);
    streams.setUncaughtExceptionHandler(service.failurePolicy);
    try {
      service.startOps();
      streams.start();
    } catch (RuntimeException e) {
      service.close(CLOSE_TIMEOUT);
      throw e;
    }
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
  public static TopicEnsurer.Outcome ensureTopics(Settings settings, String bootstrapServers) {
    return TopicEnsurer.ensure(settings, bootstrapServers);
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

  /**
   * Why the client ended in ERROR, explained, when the cluster refused access (credentials, ACLs).
   */
  public Optional<ClusterAccessException> accessFailure() {
    return failurePolicy
        .fatalError()
        .flatMap(e -> ClusterAccessException.of(e, settings, bootstrapServers));
  }

  /**
   * Stops the stream threads (they commit what they have done) within the timeout, then the
   * endpoint and the metrics; true if every thread stopped in time.
   */
  public synchronized boolean close(Duration timeout) {
    boolean first = !closing;
    closing = true;
    long started = System.nanoTime();
    // Leave the group: the other instances take the partitions over at once, instead of after
    // session.timeout.ms; and a thread of this process waiting in a rebalance for one that has
    // already stopped is answered now, not after that timeout (which outlasts the bound).
    boolean stopped =
        streams.close(
            CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout));
    if (!stopped) {
      LOG.warn("Stream threads did not stop within {} s", timeout.toSeconds());
    }
    if (first) {
      // What is left of the bound goes to the admin client, which lingers when the cluster is
      // gone; at least a moment so that a reachable cluster sees a clean goodbye.
      Duration left = timeout.minusNanos(System.nanoTime() - started);
      closeQuietly(left.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : left);
      LOG.info("Processor stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }
    return stopped;
  }

  private void closeQuietly(Duration timeout) {
    if (ops != null) {
      ops.close();
    }
    readinessAdmin.close(
        timeout.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : timeout);
    metrics.close();
    if (identity != null) {
      identity.close();
    }
  }

  @Override
  public void close() {
    close(CLOSE_TIMEOUT);
  }
}
