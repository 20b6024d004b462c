package dev.scientistages.redrive;

import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends dead letters back to the topic they came from, exactly once: the sends and the redrive's
 * position in the dead-letter topic ({@link RedrivePosition}, in a consumer group of its own)
 * commit in one transaction, about once a second. A run reads from that position up to the end the
 * topic had when it started (for read_committed, the last stable offset), so it ends; one killed
 * half-way leaves an open transaction that the next run's {@code initTransactions} aborts, and that
 * run goes on from the last commit.
 */
public final class Redrive {
  /** What a run is asked to do. {@code to}: null means each dead letter's source topic. */
  public record Request(
      String deadLetterTopic,
      String groupId,
      String transactionalId,
      RedriveSelection selection,
      String to,
      int maxRedrives,
      boolean dryRun,
      double rate) {}

  /** How far a run has read, in offsets of the dead-letter topic. */
  public interface Progress {
    void start(long total);

    void at(long done);

    Progress NONE =
        new Progress() {
          @Override
          public void start(long total) {}

          @Override
          public void at(long done) {}
        };
  }

  /**
   * A run that cannot go on, for a reason its message says whole (another run fenced it, the group
   * holds something else): exit code 1 and that message, no stack trace.
   */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The redrive's consumer group and transactional id: one redrive per application at a time. */
  public static String idOf(String applicationId) {
    return applicationId + "-redrive";
  }

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Properties consumerProperties;
  private final Properties producerProperties;

  /** With the client properties of the settings (security and all); the rest is set here. */
  public Redrive(Properties consumerProperties, Properties producerProperties) {
    this.consumerProperties = consumerProperties;
    this.producerProperties = producerProperties;
  }

  public RedriveSummary run(Request request, Progress progress, BooleanSupplier stopRequested) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(request);
        KafkaProducer<byte[], byte[]> producer = request.dryRun() ? null : producer(request)) {
      if (producer != null) {
        // Fences any earlier run of this id and aborts its open transaction: only then is the
        // committed position final.
        producer.initTransactions();
      }
      return new RedriveRun(request, consumer, producer, progress, stopRequested).go();
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer(Request request) {
    Properties p = new Properties();
    p.putAll(consumerProperties);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, request.groupId());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A position below the log start (retention deleted dead letters): from what is left.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> producer(Request request) {
    Properties p = new Properties();
    p.putAll(producerProperties);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, request.transactionalId());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
