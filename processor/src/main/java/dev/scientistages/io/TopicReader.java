package dev.scientistages.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic, every partition, without a consumer group (it commits nothing and disturbs
 * no group), with {@code isolation.level=read_committed}: only what committed transactions wrote.
 */
public final class TopicReader implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;

  public TopicReader(Properties clientProperties, String topic, boolean fromBeginning) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    if (partitions.isEmpty()) {
      consumer.close();
      throw new IllegalStateException("Topic '" + topic + "' does not exist");
    }
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
  }

  public List<ConsumerRecord<byte[], byte[]>> poll(Duration timeout) {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records.count());
    records.forEach(out::add);
    return out;
  }

  /**
   * True once every partition has been read up to its end offset as of now (under read_committed,
   * the last stable offset): what is committed so far has all been seen.
   */
  public boolean caughtUp() {
    for (Map.Entry<TopicPartition, Long> end :
        consumer.endOffsets(consumer.assignment()).entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Interrupts a {@link #poll} in progress from another thread. */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
