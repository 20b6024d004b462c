package dev.scientistages.config;

import dev.scientistages.topology.ReferenceYear;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the application, in one place: defaults ← properties file ← environment ({@code
 * KAFKA_X_Y} → {@code x.y}, {@code AGES_X_Y} → {@code ages.x.y}) ← command-line flags. Keys are
 * this application's {@code ages.*} settings or Kafka client properties; an unknown key or a bad
 * value fails once, at load, with an {@link InvalidSettingException} that names it. Every setting
 * and its default: docs/configuration.md (DocsTest keeps it in step with {@code defaults()}).
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

  /** Log line format on standard error: {@code plain} (default) or {@code json} (ECS fields). */
  public static final String LOG_FORMAT = "ages.log.format";

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

  private static final String OWN_PREFIX = "ages.";
  private static final String ENV_OWN_PREFIX = "AGES_";
  private static final String ENV_KAFKA_PREFIX = "KAFKA_";
  private static final Pattern ENV_NAME = Pattern.compile("[A-Z0-9_]+");

  private static final Map<String, String> OWN_DEFAULTS =
      Map.of(
          REFERENCE_YEAR, ReferenceYear.RECORD_TIME,
          INPUT_TOPIC, "scientists",
          OUTPUT_TOPIC, "ages",
          TOPICS_CREATE, "true",
          TOPICS_DIR, "",
          EMBEDDED_PORT, "9092",
          EMBEDDED_DATA_DIR, "",
          HTTP_PORT, "8080",
          LOG_FORMAT, "plain");

  /** Prefixes Kafka Streams passes to one kind of client; the rest must be that client's key. */
  private static final Map<String, Set<String>> CLIENT_PREFIXES =
      Map.of(
          StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames(),
          StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames(),
          StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames(),
          StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames(),
          StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames(),
          StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames());

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
  private final String logFormat;

  private Settings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    referenceYear = parseReferenceYear(values.get(REFERENCE_YEAR));
    inputTopic = topicName(INPUT_TOPIC, values.get(INPUT_TOPIC));
    outputTopic = topicName(OUTPUT_TOPIC, values.get(OUTPUT_TOPIC));
    deadLetterTopic = topicName(DEAD_LETTER_TOPIC, values.get(DEAD_LETTER_TOPIC));
    if (inputTopic.equals(outputTopic)) {
      throw new InvalidSettingException(OUTPUT_TOPIC, "must differ from " + INPUT_TOPIC);
    }
    applicationId = values.get(StreamsConfig.APPLICATION_ID_CONFIG);
    numStreamThreads = positiveInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG, values);
    exactlyOnce = parseGuarantee(values.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    topicsCreate = parseBoolean(TOPICS_CREATE, values.get(TOPICS_CREATE));
    topicsDir = optionalPath(values.get(TOPICS_DIR));
    String servers = values.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    bootstrapServers =
        servers == null || servers.isBlank() ? Optional.empty() : Optional.of(servers.strip());
    embeddedPort = parsePort(EMBEDDED_PORT, values.get(EMBEDDED_PORT));
    embeddedDataDir = optionalPath(values.get(EMBEDDED_DATA_DIR));
    String http = values.get(HTTP_PORT).strip();
    httpPort =
        http.equalsIgnoreCase("off")
            ? OptionalInt.empty()
            : OptionalInt.of(parsePort(HTTP_PORT, http));
    logFormat = parseLogFormat(values.get(LOG_FORMAT));
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
    file.ifPresent(f -> merged.putAll(readFile(f)));
    merged.putAll(fromEnvironment(environment));
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

  /**
   * The environment's settings, by key: {@code KAFKA_X_Y} → {@code x.y}, {@code AGES_X} → ages.x.
   */
  static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> out = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (!ENV_NAME.matcher(name).matches() || KAFKA_SCRIPT_VARIABLES.contains(name)) {
            return;
          }
          if (name.startsWith(ENV_OWN_PREFIX) && name.length() > ENV_OWN_PREFIX.length()) {
            out.put(OWN_PREFIX + keyOf(name.substring(ENV_OWN_PREFIX.length())), value);
          } else if (name.startsWith(ENV_KAFKA_PREFIX)
              && name.length() > ENV_KAFKA_PREFIX.length()) {
            out.put(keyOf(name.substring(ENV_KAFKA_PREFIX.length())), value);
          }
        });
    return out;
  }

  /** The environment variable that sets a key: the inverse of {@link #fromEnvironment}. */
  public static String environmentVariableOf(String key) {
    String name = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    return key.startsWith(OWN_PREFIX) ? name : ENV_KAFKA_PREFIX + name;
  }

  private static String keyOf(String envSuffix) {
    return envSuffix.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new InvalidSettingException("--config", "cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k.strip(), p.getProperty(k).strip()));
    return out;
  }

  private static Settings validated(Map<String, String> merged) {
    merged.forEach(Settings::checkKnown);
    Settings s = new Settings(merged);
    try {
      // Kafka's own type and range checks for every Streams setting; it names the setting.
      new StreamsConfig(s.streamsProperties("127.0.0.1:0"));
    } catch (ConfigException e) {
      throw new InvalidSettingException(settingNamedIn(e), e.getMessage());
    }
    return s;
  }

  /** True if the key is a setting this application accepts (ours or a Kafka property). */
  public static boolean isKnown(String key) {
    return key.startsWith(OWN_PREFIX) ? OWN_DEFAULTS.containsKey(key) : isKafkaKey(key);
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
    if (isKafkaKey(key)) {
      return;
    }
    throw new InvalidSettingException(
        key,
        "not a Kafka Streams, producer, consumer or admin client property (nor one of those"
            + " with a prefix such as producer. or consumer.), nor an ages.* setting");
  }

  static boolean isKafkaKey(String key) {
    if (StreamsConfig.configDef().names().contains(key)
        || ProducerConfig.configNames().contains(key)
        || ConsumerConfig.configNames().contains(key)
        || AdminClientConfig.configNames().contains(key)) {
      return true;
    }
    if (key.startsWith(StreamsConfig.TOPIC_PREFIX)) {
      return key.length() > StreamsConfig.TOPIC_PREFIX.length();
    }
    for (Map.Entry<String, Set<String>> prefix : CLIENT_PREFIXES.entrySet()) {
      if (key.startsWith(prefix.getKey())
          && prefix.getValue().contains(key.substring(prefix.getKey().length()))) {
        return true;
      }
    }
    return false;
  }

  private static String settingNamedIn(ConfigException e) {
    for (String name : StreamsConfig.configDef().names()) {
      if (e.getMessage() != null && e.getMessage().contains("configuration " + name)) {
        return name;
      }
    }
    return "kafka";
  }

  private static int positiveInt(String key, Map<String, String> m) {
    String v = m.get(key);
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new InvalidSettingException(key, "'" + v + "' is not a whole number of 1 or more");
  }

  private static String topicName(String key, String name) {
    try {
      Topic.validate(name);
      return name;
    } catch (InvalidTopicException e) {
      throw new InvalidSettingException(key, e.getMessage());
    }
  }

  private static ReferenceYear parseReferenceYear(String v) {
    try {
      return ReferenceYear.parse(v);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(REFERENCE_YEAR, e.getMessage());
    }
  }

  private static boolean parseGuarantee(String guarantee) {
    if (!Set.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE).contains(guarantee)) {
      throw new InvalidSettingException(
          StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
          "'"
              + guarantee
              + "' is not one of "
              + StreamsConfig.EXACTLY_ONCE_V2
              + ", "
              + StreamsConfig.AT_LEAST_ONCE);
    }
    return StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee);
  }

  private static boolean parseBoolean(String key, String value) {
    String v = value.strip();
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new InvalidSettingException(key, "'" + v + "' is neither true nor false");
  }

  private static int parsePort(String key, String value) {
    String v = value.strip();
    try {
      int port = Integer.parseInt(v);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    String also = key.equals(HTTP_PORT) ? " nor off" : "";
    throw new InvalidSettingException(
        key,
        "'"
            + v
            + "' is "
            + (also.isEmpty() ? "not" : "neither")
            + " a port from 0 to 65535"
            + also);
  }

  private static String parseLogFormat(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("plain") || v.equals("json")) {
      return v;
    }
    throw new InvalidSettingException(LOG_FORMAT, "'" + v + "' is neither plain nor json");
  }

  private static Optional<Path> optionalPath(String value) {
    String v = value.strip();
    return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
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

  /** The HTTP endpoint's port (0 = any free one), or empty when it is off. */
  public OptionalInt httpPort() {
    return httpPort;
  }

  public Optional<Path> embeddedDataDir() {
    return embeddedDataDir;
  }

  /** The Kafka Streams properties: every non-{@code ages.*} setting, with these servers. */
  public Properties streamsProperties(String bootstrapServers) {
    Properties p = kafkaProperties();
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  /**
   * Properties for a plain client of one kind (admin, producer, consumer): the settings that kind
   * knows, including those given with its Streams prefix ({@code producer.linger.ms}).
   */
  public Properties clientProperties(
      Set<String> clientConfigNames, String streamsPrefix, String bootstrapServers) {
    Properties p = new Properties();
    values.forEach(
        (k, v) -> {
          if (clientConfigNames.contains(k)) {
            p.put(k, v);
          }
        });
    values.forEach(
        (k, v) -> {
          if (k.startsWith(streamsPrefix)
              && clientConfigNames.contains(k.substring(streamsPrefix.length()))) {
            p.put(k.substring(streamsPrefix.length()), v);
          }
        });
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  public Properties adminProperties(String bootstrapServers) {
    return clientProperties(
        AdminClientConfig.configNames(), StreamsConfig.ADMIN_CLIENT_PREFIX, bootstrapServers);
  }

  public Properties producerProperties(String bootstrapServers) {
    return clientProperties(
        ProducerConfig.configNames(), StreamsConfig.PRODUCER_PREFIX, bootstrapServers);
  }

  public Properties consumerProperties(String bootstrapServers) {
    return clientProperties(
        ConsumerConfig.configNames(), StreamsConfig.CONSUMER_PREFIX, bootstrapServers);
  }

  private Properties kafkaProperties() {
    Properties p = new Properties();
    values.forEach(
        (k, v) -> {
          if (!k.startsWith(OWN_PREFIX)) {
            p.put(k, v);
          }
        });
    return p;
  }
}
