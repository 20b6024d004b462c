package dev.scientistages.support;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends {@link InputRecords} to the input topic from a thread of its own, paced at a given rate so
 * that crashes happen while records keep arriving, with {@code acks=all} and idempotence (what is
 * acknowledged is in the log, in order per partition, once). Every record carries its {@link
 * Expectation}. The producer retries through a broker restart; a send that fails for good is
 * remembered and fails the run.
 */
public final class ScientistDriver implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final InputRecords records;
  private final double ratePerSecond;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;

  private ScientistDriver(
      String bootstrapServers, String topic, InputRecords records, double ratePerSecond) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Long enough to ride out a broker restart.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
    // Idempotence keeps a batch re-sent after the short request timeout single and in order.
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Instruments.REQUEST_TIMEOUT_MS);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.records = records;
    this.ratePerSecond = ratePerSecond;
    this.thread = new Thread(this::sendAll, "scientist-driver");
    thread.setDaemon(true);
  }

  /**
   * Starts sending.
   *
   * @param ratePerSecond records a second; {@code <= 0} sends as fast as the producer takes them
   */
  public static ScientistDriver start(
      String bootstrapServers, String topic, InputRecords records, double ratePerSecond) {
    ScientistDriver driver = new ScientistDriver(bootstrapServers, topic, records, ratePerSecond);
    driver.thread.start();
    return driver;
  }

  /**
   * Step {@code n} is due {@code n / rate} seconds after the start, so a late send does not push
   * the ones after it back: the offered load stays the rate.
   */
  private void awaitStep(long start, long n) {
    if (ratePerSecond > 0) {
      long wait = start + (long) (n * 1e9 / ratePerSecond) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
  }

  private void sendAll() {
    long start = System.nanoTime();
    try {
      for (long n = 0; n < records.count() && failure.get() == null; n++) {
        awaitStep(start, n);
        InputRecord r = records.get(n);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Expectation.HEADER, r.expectation().encode());
        producer.send(
            new ProducerRecord<>(topic, null, r.key(), r.value(), headers),
            (metadata, e) -> {
              if (e == null) {
                acknowledged.incrementAndGet();
              } else {
                failure.compareAndSet(null, e);
              }
            });
        sent.incrementAndGet();
      }
      producer.flush();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Records acknowledged by the broker so far. */
  public long acknowledged() {
    return acknowledged.get();
  }

  public long total() {
    return records.count();
  }

  /** Waits until every record is sent and acknowledged; fails on the first failed send. */
  public void awaitDone(Duration timeout) {
    Await.until(
        "every input record acknowledged (" + acknowledged() + " of " + total() + " so far)",
        timeout,
        () -> {
          if (failure.get() != null) {
            throw new AssertionError("a send failed", failure.get());
          }
          return acknowledged() == total();
        });
  }

  /** Waits until at least {@code n} records are acknowledged. */
  public void awaitAcknowledged(long n, Duration timeout) {
    Await.until(
        n + " input records acknowledged",
        timeout,
        () -> {
          if (failure.get() != null) {
            throw new AssertionError("a send failed", failure.get());
          }
          return acknowledged() >= n;
        });
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
  }
}
