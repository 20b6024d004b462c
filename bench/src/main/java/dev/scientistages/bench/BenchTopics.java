package dev.scientistages.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The benchmark's view of the cluster: its own topics (created fresh per run, removed at the end),
 * and the two ways it tells that a run has finished: the records in an output topic, and the
 * offsets a group has committed.
 */
final class BenchTopics implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final List<String> created = new ArrayList<>();
  private final List<String> groups = new ArrayList<>();

  BenchTopics(Properties adminProperties) {
    this.admin = Admin.create(adminProperties);
  }

  /** Creates a topic with the broker's default replication factor and remembers it. */
  void create(String topic, int partitions) {
    create(topic, partitions, Map.of());
  }

  /** Creates a topic with these topic configs. */
  void create(String topic, int partitions, Map<String, String> configs) {
    NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty());
    await(admin.createTopics(List.of(newTopic.configs(configs))).all());
    created.add(topic);
    // The metadata reaches the broker's cache a moment after the create call returns.
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (partitionsOf(topic).size() < partitions) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + topic + " not visible after " + TIMEOUT);
      }
      sleep(50);
    }
    // ... and each partition's leader takes it over a moment later still: writes sent before then
    // are answered NOT_LEADER, and their retries can trip the idempotent producer's sequence
    // check. Offsets are answered by the leader only, so once they come, the topic is writable.
    endOffsets(partitionsOf(topic));
  }

  /** Remembers a consumer group to delete at the end. */
  void own(String group) {
    groups.add(group);
  }

  List<TopicPartition> partitionsOf(String topic) {
    try {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic)
          .partitions()
          .stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return List.of(); // not created, or not visible yet
      }
      throw failure(e);
    } catch (InterruptedException | TimeoutException e) {
      throw failure(e);
    }
  }

  /** The end offsets (high watermarks) of a topic's partitions. */
  Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
        await(admin.listOffsets(latest).all());
    Map<TopicPartition, Long> out = new HashMap<>();
    infos.forEach((p, info) -> out.put(p, info.offset()));
    return out;
  }

  /** Sum of the end offsets: the record count of a topic no transaction has written to. */
  long endOffsetSum(Collection<TopicPartition> partitions) {
    return endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The offsets a group has committed (committed transactions only), summed over partitions. */
  long committedSum(String group) {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    return offsets.values().stream()
        .filter(o -> o != null)
        .mapToLong(OffsetAndMetadata::offset)
        .sum();
  }

  /** Deletes what this benchmark created; best effort (the embedded broker goes away anyway). */
  @Override
  public void close() {
    try {
      if (!groups.isEmpty()) {
        admin.deleteConsumerGroups(groups).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (!created.isEmpty()) {
        admin.deleteTopics(created).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      // Left for the cluster's retention; the names say they are the benchmark's.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }

  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw failure(e);
    }
  }

  private static RuntimeException failure(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new IllegalStateException("the cluster did not answer: " + e, e);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
