package dev.scientistages.reliability;

import dev.scientistages.support.Await;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/** What a replicated cluster's metadata says: brokers, leaders, replicas and the in-sync sets. */
final class ClusterState implements AutoCloseable {
  private final Admin admin;

  ClusterState(String bootstrapServers) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000"));
  }

  /** The ids of the brokers the cluster lists (a fenced broker is not among them). */
  Set<Integer> brokers() {
    return get(() -> admin.describeCluster().nodes().get()).stream()
        .map(Node::id)
        .collect(Collectors.toSet());
  }

  /** The node id of the active KRaft controller. */
  int activeController() {
    return get(() -> admin.describeMetadataQuorum().quorumInfo().get().leaderId());
  }

  /** The KRaft quorum's leader epoch: it moves on at each election. */
  long quorumEpoch() {
    return get(() -> admin.describeMetadataQuorum().quorumInfo().get().leaderEpoch());
  }

  Map<String, TopicDescription> describe(Collection<String> topics) {
    return get(() -> admin.describeTopics(topics).allTopicNames().get());
  }

  /** How many partitions of {@code topic} each broker leads, by broker id. */
  Map<Integer, Long> leaders(String topic) {
    return describe(List.of(topic)).get(topic).partitions().stream()
        .filter(p -> p.leader() != null)
        .collect(Collectors.groupingBy(p -> p.leader().id(), TreeMap::new, Collectors.counting()));
  }

  /** The broker that leads the most partitions of {@code topic} (the lowest id on a tie). */
  int leaderOfMost(String topic) {
    Map<Integer, Long> leaders = leaders(topic);
    long most = leaders.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    return leaders.entrySet().stream()
        .filter(e -> e.getValue() == most)
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  /** A topic's setting as the broker applies it (its own or the broker's default). */
  String topicConfig(String topic, String name) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = get(() -> admin.describeConfigs(List.of(resource)).all().get()).get(resource);
    return config.get(name).value();
  }

  /**
   * Waits until {@code brokers} brokers are listed and every partition of every topic, internal
   * ones too, has all its replicas in sync: a fault's effects are over.
   */
  void awaitHealthy(int brokers, Duration timeout) {
    Await.until(
        brokers + " brokers, every partition fully in sync",
        timeout,
        () -> {
          try {
            if (admin.describeCluster().nodes().get().size() != brokers) {
              return false;
            }
            Set<String> topics =
                admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            for (TopicDescription t : admin.describeTopics(topics).allTopicNames().get().values()) {
              for (TopicPartitionInfo p : t.partitions()) {
                if (p.leader() == null || p.isr().size() != p.replicas().size()) {
                  return false;
                }
              }
            }
            return true;
          } catch (ExecutionException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
        });
  }

  private interface Call<T> {
    T call() throws Exception;
  }

  private static <T> T get(Call<T> call) {
    try {
      return call.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (Exception e) {
      throw new AssertionError("the cluster did not answer", e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
