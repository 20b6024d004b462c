package dev.scientistages.config;

import dev.scientistages.topology.ReferenceYear;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the application, in one place: defaults ← properties file ← environment ({@code
 * KAFKA_X_Y} → {@code x.y}, {@code AGES_X_Y} → {@code ages.x.y}) ← command-line flags. Keys are
 * this application's {@code ages.*} settings or Kafka client properties; an unknown key or a bad
 * value fails once, at load, with an {@link InvalidSettingException} that names it. Every setting
 * and its default: docs/configuration.md (DocsTest keeps it in step with {@code defaults()}).
 *
 * <p>This file holds the keys, the defaults and one accessor per setting; where the values come
 * from ({@link SettingSources}), how they are parsed ({@link SettingValues}) and which keys are
 * Kafka's ({@link KafkaProperties}) are beside it.
 */
public final class Settings {
  /** The reference year: {@code record-time} (default) or a year such as 2017. */
  public static final String REFERENCE_YEAR = "ages.reference.year";

  public static final String INPUT_TOPIC = "ages.topic.input";
  public static final String OUTPUT_TOPIC = "ages.topic.output";

  /** The dead-letter topic is Kafka Streams' own setting (KIP-1034). */
  public static final String DEAD_LETTER_TOPIC =
      StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG;

  /** Create missing topics at start-up from the topic files: {@code true} (default) or false. */
  public static final String TOPICS_CREATE = "ages.topics.create";

  /** A directory of topic files; empty (default) means the ones built into the application. */
  public static final String TOPICS_DIR = "ages.topics.dir";

  /** Port of the embedded broker used when no bootstrap servers are set; 0 = any free port. */
  public static final String EMBEDDED_PORT = "ages.embedded.port";

  /** Data directory of the embedded broker; empty (default) = a temporary one, removed on exit. */
  public static final String EMBEDDED_DATA_DIR = "ages.embedded.data.dir";

  /**
   * Port of the HTTP endpoint ({@code /health}, {@code /ready}, {@code /metrics}): default 8080, 0
   * = any free port, {@code off} = no endpoint.
   */
  public static final String HTTP_PORT = "ages.http.port";

  /**
   * Address the HTTP endpoint listens on: default {@code 127.0.0.1}, loopback only, so that a
   * laptop's {@code /metrics} stays off the network; {@code 0.0.0.0} (or {@code ::}) = every
   * interface, as containers need for probes and Prometheus.
   */
  public static final String HTTP_HOST = "ages.http.host";

  /** Log line format on standard error: {@code plain} (default) or {@code json} (ECS fields). */
  public static final String LOG_FORMAT = "ages.log.format";

  /**
   * How long every verb waits for the cluster to answer its first calls before it gives up (exit
   * code 3), in milliseconds: default 30000.
   */
  public static final String CLUSTER_TIMEOUT = "ages.cluster.timeout.ms";

  /**
   * Keep this instance's identity across restarts, for stable transactional ids: {@code true}
   * (default) or false (docs/decisions/0011-no-static-membership-by-default.md).
   */
  public static final String STABLE_IDENTITY = "ages.stable.identity";

  /** Environment variables of Kafka's start scripts: never read as Kafka properties. */
  public static final Set<String> KAFKA_SCRIPT_VARIABLES =
      Set.of(
          "KAFKA_HOME",
          "KAFKA_OPTS",
          "KAFKA_HEAP_OPTS",
          "KAFKA_JVM_PERFORMANCE_OPTS",
          "KAFKA_JMX_OPTS",
          "KAFKA_LOG4J_OPTS",
          "KAFKA_GC_LOG_OPTS",
          "KAFKA_DEBUG",
          "KAFKA_LOG_DIR");

  static final String OWN_PREFIX = "ages.";
  private static final Map<String, String> OWN_DEFAULTS =
      Map.ofEntries(
          Map.entry(REFERENCE_YEAR, ReferenceYear.RECORD_TIME),
          Map.entry(INPUT_TOPIC, "scientists"),
          Map.entry(OUTPUT_TOPIC, "ages"),
          Map.entry(TOPICS_CREATE, "true"),
          Map.entry(TOPICS_DIR, ""),
          Map.entry(EMBEDDED_PORT, "9092"),
          Map.entry(EMBEDDED_DATA_DIR, ""),
          Map.entry(HTTP_PORT, "8080"),
          Map.entry(HTTP_HOST, "127.0.0.1"),
          Map.entry(LOG_FORMAT, "plain"),
          Map.entry(CLUSTER_TIMEOUT, "30000"),
          Map.entry(STABLE_IDENTITY, "true"));

  private final Map<String, String> values;
  // Parsed once, here; the accessors only return them.
  private final ReferenceYear referenceYear;
  private final String inputTopic;
  private final String outputTopic;
  private final String deadLetterTopic;
  private final String applicationId;
  private final int numStreamThreads;
  private final boolean exactlyOnce;
  private final boolean topicsCreate;
  private final Optional<Path> topicsDir;
  private final Optional<String> bootstrapServers;
  private final int embeddedPort;
  private final Optional<Path> embeddedDataDir;
  private final OptionalInt httpPort;
  private final InetAddress httpHost;
  private final String logFormat;
  private final Duration clusterTimeout;
  private final boolean stableIdentity;

  private Settings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    referenceYear = SettingValues.parseReferenceYear(values.get(REFERENCE_YEAR));
    inputTopic = SettingValues.topicName(INPUT_TOPIC, values.get(INPUT_TOPIC));
    outputTopic = SettingValues.topicName(OUTPUT_TOPIC, values.get(OUTPUT_TOPIC));
    deadLetterTopic = SettingValues.topicName(DEAD_LETTER_TOPIC, values.get(DEAD_LETTER_TOPIC));
    if (inputTopic.equals(outputTopic)) {
      throw new InvalidSettingException(OUTPUT_TOPIC, "must differ from " + INPUT_TOPIC);
    }
    applicationId = values.get(StreamsConfig.APPLICATION_ID_CONFIG);
    numStreamThreads = SettingValues.positiveInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG, values);
    exactlyOnce =
        SettingValues.parseGuarantee(values.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    topicsCreate = SettingValues.parseBoolean(TOPICS_CREATE, values.get(TOPICS_CREATE));
    topicsDir = SettingValues.optionalPath(values.get(TOPICS_DIR));
    String servers = values.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    bootstrapServers =
        servers == null || servers.isBlank() ? Optional.empty() : Optional.of(servers.strip());
    embeddedPort = SettingValues.parsePort(EMBEDDED_PORT, values.get(EMBEDDED_PORT));
    embeddedDataDir = SettingValues.optionalPath(values.get(EMBEDDED_DATA_DIR));
    String http = values.get(HTTP_PORT).strip();
    httpPort =
        http.equalsIgnoreCase("off")
            ? OptionalInt.empty()
            : OptionalInt.of(SettingValues.parsePort(HTTP_PORT, http));
    httpHost = SettingValues.parseHost(HTTP_HOST, values.get(HTTP_HOST));
    logFormat = SettingValues.parseLogFormat(values.get(LOG_FORMAT));
    clusterTimeout = Duration.ofMillis(SettingValues.positiveInt(CLUSTER_TIMEOUT, values));
    stableIdentity = SettingValues.parseBoolean(STABLE_IDENTITY, values.get(STABLE_IDENTITY));
  }

  /**
   * Loads and validates the settings.
   *
   * @param file the properties file of {@code --config}, if any
   * @param environment the process environment (only {@code KAFKA_*} and {@code AGES_*} are read)
   * @param flags settings given on the command line, by key
   */
  public static Settings load(
      Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
    Map<String, String> merged = new LinkedHashMap<>(defaults());
    file.ifPresent(f -> merged.putAll(SettingSources.readFile(f)));
    merged.putAll(SettingSources.fromEnvironment(environment));
    merged.putAll(flags);
    return validated(merged);
  }

  /** Defaults only, then these overrides; validated. */
  public static Settings of(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(defaults());
    merged.putAll(overrides);
    return validated(merged);
  }

  /** A copy with some settings changed; validated. */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    merged.putAll(overrides);
    return validated(merged);
  }

  static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>(OWN_DEFAULTS);
    d.put(StreamsConfig.APPLICATION_ID_CONFIG, "scientist-ages");
    d.put(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG,
        Integer.toString(Runtime.getRuntime().availableProcessors()));
    d.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    d.put(DEAD_LETTER_TOPIC, "scientists.dlq");
    // Lower latency than Streams' linger.ms=100 at moderate load, fewer requests per record
    // (docs/decisions/0003-producer-linger-and-batch.md). Plain keys, so that a user's
    // linger.ms or producer.linger.ms still wins.
    d.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    d.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
    // Fast failover (docs/decisions/0007-fast-failover.md): a dead instance is noticed within
    // 6 s (the broker's least session by default) instead of 45 s, and its open transaction,
    // which hides the output partitions it wrote from read_committed readers, ends within 5 s
    // of its start instead of Streams' 10 s. Both still outlast a pause of about 4 s.
    d.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
    d.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500");
    d.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "5000");
    // No global stores here; enabling it now is the 5.0 behaviour and silences a start-up warning
    // (the constant is deprecated in 4.4 because the setting goes away when it becomes the rule).
    d.put("processing.exception.handler.global.enabled", "true");
    return d;
  }

  /** The environment variable that sets a key: the inverse of the environment mapping. */
  public static String environmentVariableOf(String key) {
    return SettingSources.environmentVariableOf(key);
  }

  private static Settings validated(Map<String, String> merged) {
    merged.forEach(Settings::checkKnown);
    Settings s = new Settings(merged);
    try {
      // Kafka's own type and range checks for every Streams setting; it names the setting.
      new StreamsConfig(s.streamsProperties("127.0.0.1:0"));
    } catch (ConfigException e) {
      throw new InvalidSettingException(KafkaProperties.settingNamedIn(e), e.getMessage());
    }
    return s;
  }

  /** True if the key is a setting this application accepts (ours or a Kafka property). */
  public static boolean isKnown(String key) {
    return key.startsWith(OWN_PREFIX)
        ? OWN_DEFAULTS.containsKey(key)
        : KafkaProperties.isKafkaKey(key);
  }

  private static void checkKnown(String key, String value) {
    if (key.startsWith(OWN_PREFIX)) {
      if (!OWN_DEFAULTS.containsKey(key)) {
        throw new InvalidSettingException(
            key,
            "unknown; the application's own settings are " + new TreeMap<>(OWN_DEFAULTS).keySet());
      }
      return;
    }
    if (KafkaProperties.isKafkaKey(key)) {
      return;
    }
    throw new InvalidSettingException(
        key,
        "not a Kafka Streams, producer, consumer or admin client property (nor one of those"
            + " with a prefix such as producer. or consumer.), nor an ages.* setting");
  }

  public String get(String key) {
    return values.get(key);
  }

  public Map<String, String> asMap() {
    return values;
  }

  public ReferenceYear referenceYear() {
    return referenceYear;
  }

  public String inputTopic() {
    return inputTopic;
  }

  public String outputTopic() {
    return outputTopic;
  }

  public String deadLetterTopic() {
    return deadLetterTopic;
  }

  public String applicationId() {
    return applicationId;
  }

  public int numStreamThreads() {
    return numStreamThreads;
  }

  public boolean exactlyOnce() {
    return exactlyOnce;
  }

  public boolean topicsCreate() {
    return topicsCreate;
  }

  public Optional<Path> topicsDir() {
    return topicsDir;
  }

  /** The configured cluster; empty means: start the embedded broker. */
  public Optional<String> bootstrapServers() {
    return bootstrapServers;
  }

  public int embeddedPort() {
    return embeddedPort;
  }

  /** {@code plain} or {@code json}. */
  public String logFormat() {
    return logFormat;
  }

  /** How long a verb waits for the cluster to answer before it gives up. */
  public Duration clusterTimeout() {
    return clusterTimeout;
  }

  /** Whether a restarted instance keeps its identity (its transactional ids). */
  public boolean stableIdentity() {
    return stableIdentity;
  }

  /** The HTTP endpoint's port (0 = any free one), or empty when it is off. */
  public OptionalInt httpPort() {
    return httpPort;
  }

  /** The address the HTTP endpoint listens on; the wildcard address means every interface. */
  public InetAddress httpHost() {
    return httpHost;
  }

  public Optional<Path> embeddedDataDir() {
    return embeddedDataDir;
  }

  /** The Kafka Streams properties: every non-{@code ages.*} setting, with these servers. */
  public Properties streamsProperties(String bootstrapServers) {
    Properties p = KafkaProperties.kafkaProperties(values);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  public Properties adminProperties(String bootstrapServers) {
    return KafkaProperties.clientProperties(
        values,
        AdminClientConfig.configNames(),
        StreamsConfig.ADMIN_CLIENT_PREFIX,
        bootstrapServers);
  }

  public Properties producerProperties(String bootstrapServers) {
    return KafkaProperties.clientProperties(
        values, ProducerConfig.configNames(), StreamsConfig.PRODUCER_PREFIX, bootstrapServers);
  }

  public Properties consumerProperties(String bootstrapServers) {
    return KafkaProperties.clientProperties(
        values, ConsumerConfig.configNames(), StreamsConfig.CONSUMER_PREFIX, bootstrapServers);
  }
}
