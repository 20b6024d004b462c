package dev.scientistages.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a topic holds for a {@code read_committed} reader, read the way a verifier must: by content,
 * to the last stable offset of every partition (transaction markers take offsets, so counting
 * offsets proves nothing).
 */
public final class CommittedRecords {
  public static final String READ_COMMITTED = "read_committed";
  public static final String READ_UNCOMMITTED = "read_uncommitted";

  private CommittedRecords() {}

  /**
   * Reads {@code topic} from the beginning until {@code done} holds for everything read so far, and
   * returns it; fails after {@code timeout}.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readUntil(
      String bootstrap,
      String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, READ_COMMITTED)) {
      assignFromBeginning(consumer, topic);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(read)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "Timed out after " + timeout + " reading " + topic + ": " + read.size() + " read");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
    }
    return read;
  }

  /** Reads {@code topic} until at least {@code count} committed records have been read. */
  public static List<ConsumerRecord<byte[], byte[]>> readAtLeast(
      String bootstrap, String topic, int count, Duration timeout) {
    return readUntil(bootstrap, topic, r -> r.size() >= count, timeout);
  }

  /**
   * Everything committed in {@code topic} now: every partition read up to its last stable offset,
   * so that a duplicate or a record more than expected shows.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    readToEnd(bootstrap, topic, READ_COMMITTED, Duration.ofSeconds(120), read::add);
    return read;
  }

  /**
   * Reads every partition of {@code topic} from the beginning to its end as it is now, for this
   * isolation level (the last stable offset for {@code read_committed}, the high watermark
   * otherwise), handing each record to {@code each}: for more records than a list should hold.
   */
  public static void readToEnd(
      String bootstrap,
      String topic,
      String isolation,
      Duration timeout,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, isolation)) {
      List<TopicPartition> partitions = assignFromBeginning(consumer, topic);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "Timed out after " + timeout + " reading " + topic + " to its end " + ends);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }

  /**
   * Waits until the consumer group {@code groupId} has committed, on every partition of {@code
   * topic}, the partition's end offset: it has consumed everything there is.
   */
  public static void awaitGroupCaughtUp(
      String bootstrap, String groupId, String topic, Duration timeout) {
    IllegalStateException[] lastError = {null};
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Await.until(
          "group " + groupId + " to catch up with " + topic,
          timeout,
          () -> {
            try {
              return lag(admin, groupId, topic) == 0;
            } catch (IllegalStateException e) {
              lastError[0] = e; // a transient admin error: ask again
              return false;
            }
          });
    } catch (AssertionError timedOut) {
      if (lastError[0] != null) {
        timedOut.addSuppressed(lastError[0]);
      }
      throw timedOut;
    }
  }

  /** The group's total lag on {@code topic}; a partition with no commit counts whole. */
  public static long lag(Admin admin, String groupId, String topic) {
    try {
      Set<TopicPartition> partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toSet());
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin
              .listOffsets(
                  partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
              .all()
              .get();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      long lag = 0;
      for (TopicPartition p : partitions) {
        OffsetAndMetadata c = committed.get(p);
        lag += ends.get(p).offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      // Unchecked and not an AssertionError: a caller that polls (a broker restarting) retries.
      throw new IllegalStateException(e.getCause());
    }
  }

  /** A consumer of raw bytes that joins no group and commits nothing. */
  public static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String isolation) {
    return consumer(bootstrap, isolation, Map.of());
  }

  /** As {@link #consumer(String, String)}, with these consumer settings on top. */
  public static KafkaConsumer<byte[], byte[]> consumer(
      String bootstrap, String isolation, Map<String, String> settings) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304");
    p.putAll(settings);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The topic's partitions; fails if it has none (it does not exist). */
  static List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new AssertionError("Topic " + topic + " does not exist");
    }
    return partitions;
  }

  public static List<TopicPartition> assignFromBeginning(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<TopicPartition> partitions = partitionsOf(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }
}
