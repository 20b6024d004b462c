package dev.scientistages.io;

import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends input lines to a topic as they are (value = the line's UTF-8 bytes, key = the name when
 * there is one), with acks=all, idempotence and lz4 unless the properties say otherwise; batching
 * (linger.ms, batch.size) is the properties' own, for the verbs the application's producer
 * defaults. Counts what was acknowledged and remembers the first failure; {@link #close()} flushes
 * and waits for every acknowledgement.
 */
public final class LineProducer implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  public LineProducer(Properties clientProperties, String topic) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /** Sends one line; the key is taken from it (see {@link ScientistLines#keyOf}). */
  public Future<RecordMetadata> send(String line) {
    return send(ScientistLines.keyOf(line), ScientistLines.utf8(line));
  }

  /** Sends one line of raw bytes as it is; the key is its name, if it has one. */
  public Future<RecordMetadata> send(byte[] line) {
    return send(ScientistLines.keyOf(line), line);
  }

  public Future<RecordMetadata> send(String key, byte[] value) {
    sent.incrementAndGet();
    return producer.send(
        new ProducerRecord<>(topic, key, value),
        (metadata, e) -> {
          if (e == null) {
            acknowledged.incrementAndGet();
          } else {
            firstFailure.compareAndSet(null, e);
          }
        });
  }

  public long sent() {
    return sent.get();
  }

  public long acknowledged() {
    return acknowledged.get();
  }

  /** The first send that failed, if any. */
  public Exception failure() {
    return firstFailure.get();
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
