package dev.scientistages.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * B1, the limit: a plain consumer → producer loop that copies bytes and parses nothing, with the
 * same threads, the same client settings as Kafka Streams gives its clients, and the same
 * guarantee. At least once: flush, then commit the consumed offsets, every {@code
 * commit.interval.ms}. Exactly once: one transaction per thread and commit interval, holding the
 * output and the consumed offsets ({@code sendOffsetsToTransaction}); read_committed input.
 *
 * <p>The partitions are split over the threads up front ({@code assign}), as evenly as Kafka
 * Streams spreads its tasks, so that no rebalance blurs the measurement.
 */
final class CopyLoop implements Job {
  private final List<Worker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;
  private volatile String failure;

  /**
   * @param runId the consumer group, and the prefix of every client and transactional id
   * @param config the Streams configuration of the matching A run: guarantee, commit interval and
   *     client settings
   */
  CopyLoop(
      String runId,
      int threadCount,
      List<TopicPartition> input,
      String output,
      StreamsConfig config) {
    boolean exactlyOnce =
        StreamsConfig.EXACTLY_ONCE_V2.equals(
            config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    long commitInterval = config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    for (int i = 0; i < threadCount; i++) {
      String clientId = runId + "-copy-" + i;
      List<TopicPartition> mine = new ArrayList<>();
      for (int p = i; p < input.size(); p += threadCount) {
        mine.add(input.get(p));
      }
      Properties consumer = new Properties();
      consumer.putAll(config.getGlobalConsumerConfigs(clientId));
      consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
      consumer.put(ConsumerConfig.GROUP_ID_CONFIG, runId);
      consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumer.put(
          ConsumerConfig.ISOLATION_LEVEL_CONFIG,
          exactlyOnce ? "read_committed" : "read_uncommitted");
      Properties producer = new Properties();
      producer.putAll(config.getProducerConfigs(clientId));
      if (exactlyOnce) {
        producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, clientId);
      }
      Worker w = new Worker(mine, output, consumer, producer, exactlyOnce, commitInterval);
      workers.add(w);
      Thread t = new Thread(w, clientId);
      t.setDaemon(true);
      threads.add(t);
    }
  }

  @Override
  public void start() {
    threads.forEach(Thread::start);
  }

  @Override
  public boolean awaitReady(Duration timeout) {
    return true; // assign(): no group to join
  }

  @Override
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void close() {
    stopping = true;
    for (Thread t : threads) {
      try {
        t.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private synchronized void fail(Exception e) {
    failure = failure == null ? e.toString() : failure;
  }

  private final class Worker implements Runnable {
    private final List<TopicPartition> partitions;
    private final String output;
    private final Properties consumerProps;
    private final Properties producerProps;
    private final boolean exactlyOnce;
    private final long commitInterval;

    Worker(
        List<TopicPartition> partitions,
        String output,
        Properties consumerProps,
        Properties producerProps,
        boolean exactlyOnce,
        long commitInterval) {
      this.partitions = partitions;
      this.output = output;
      this.consumerProps = consumerProps;
      this.producerProps = producerProps;
      this.exactlyOnce = exactlyOnce;
      this.commitInterval = commitInterval;
    }

    @Override
    public void run() {
      if (partitions.isEmpty()) {
        return;
      }
      try (KafkaConsumer<byte[], byte[]> consumer =
              new KafkaConsumer<>(
                  consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
          KafkaProducer<byte[], byte[]> producer =
              new KafkaProducer<>(
                  producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
        consumer.assign(partitions);
        if (exactlyOnce) {
          producer.initTransactions();
        }
        Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
        boolean inTransaction = false;
        long lastCommit = System.nanoTime();
        while (!stopping && failure == null) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
          if (!records.isEmpty() && exactlyOnce && !inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
          }
          for (ConsumerRecord<byte[], byte[]> r : records) {
            // Keyed like the input, so the default partitioner puts it where Streams would.
            producer.send(
                new ProducerRecord<>(output, null, r.timestamp(), r.key(), r.value(), r.headers()),
                (metadata, e) -> {
                  if (e != null) {
                    fail(e);
                  }
                });
            consumed.put(
                new TopicPartition(r.topic(), r.partition()),
                new OffsetAndMetadata(r.offset() + 1));
          }
          if (System.nanoTime() - lastCommit >= commitInterval * 1_000_000L) {
            commit(consumer, producer, consumed, inTransaction);
            inTransaction = false;
            lastCommit = System.nanoTime();
          }
        }
        commit(consumer, producer, consumed, inTransaction);
      } catch (RuntimeException e) {
        fail(e);
      }
    }

    private void commit(
        KafkaConsumer<byte[], byte[]> consumer,
        KafkaProducer<byte[], byte[]> producer,
        Map<TopicPartition, OffsetAndMetadata> consumed,
        boolean inTransaction) {
      if (consumed.isEmpty()) {
        return;
      }
      if (exactlyOnce) {
        if (inTransaction) {
          producer.sendOffsetsToTransaction(consumed, consumer.groupMetadata());
          producer.commitTransaction();
        }
      } else {
        producer.flush();
        consumer.commitSync(consumed);
      }
      consumed.clear();
    }
  }
}
