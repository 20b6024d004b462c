package dev.scientistages.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster settings that lose acknowledged records when one broker fails, found at start-up: a topic
 * of this application on a single replica on a cluster of three or more brokers, a topic on three
 * or more replicas that acknowledges a write held by one ({@code min.insync.replicas=1}), and,
 * under exactly-once, a transaction log on fewer than three replicas there. One broker, or two, is
 * a development cluster or a deliberate choice: nothing to say. {@link #describe} reads the
 * cluster, {@link #findings} decides, with no I/O; docs/reliability.md, "Running on a replicated
 * cluster".
 */
public final class ReplicationCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationCheck.class);
  static final String TRANSACTION_LOG = "__transaction_state";

  /** Three replicas ride out one broker's loss with two left in sync. */
  static final int REPLICATED_CLUSTER = 3;

  private ReplicationCheck() {}

  /**
   * A topic as described.
   *
   * @param replicas the fewest replicas of any of its partitions
   * @param minInSyncReplicas its {@code min.insync.replicas}, empty when not readable
   */
  public record Topic(String name, int replicas, OptionalInt minInSyncReplicas) {}

  /**
   * What is dangerous here, each with the setting to change; empty when nothing is.
   *
   * @param brokers the brokers the cluster lists
   * @param transactionLogReplicas the transaction log's replicas, empty when not readable
   */
  public static List<String> findings(
      int brokers, List<Topic> topics, boolean exactlyOnce, OptionalInt transactionLogReplicas) {
    List<String> findings = new ArrayList<>();
    if (brokers < REPLICATED_CLUSTER) {
      return findings;
    }
    List<String> single =
        topics.stream().filter(t -> t.replicas() == 1).map(t -> "'" + t.name() + "'").toList();
    if (!single.isEmpty()) {
      findings.add(
          "topic(s) "
              + String.join(", ", single)
              + " have 1 replica on "
              + brokers
              + " brokers (the broker's loss loses them: recreate with replication.factor=3 in"
              + " the topic files, or set the cluster's default.replication.factor=3)");
    }
    List<String> loose =
        topics.stream()
            .filter(t -> t.replicas() >= REPLICATED_CLUSTER)
            .filter(t -> t.minInSyncReplicas().orElse(2) < 2)
            .map(t -> "'" + t.name() + "'")
            .toList();
    if (!loose.isEmpty()) {
      findings.add(
          "topic(s) "
              + String.join(", ", loose)
              + " have min.insync.replicas=1 (a write is acknowledged by one replica: set"
              + " min.insync.replicas=2)");
    }
    if (exactlyOnce
        && transactionLogReplicas.isPresent()
        && transactionLogReplicas.getAsInt() < REPLICATED_CLUSTER) {
      findings.add(
          "the transaction log (__transaction_state) has "
              + transactionLogReplicas.getAsInt()
              + " replica(s) (its broker's loss stops every transaction: the cluster's"
              + " transaction.state.log.replication.factor=3)");
    }
    return findings;
  }

  /**
   * The cluster as {@link #findings} needs it.
   *
   * @param transactionLogReplicas empty when not read (no exactly-once, not created yet, no ACL)
   */
  public record Described(int brokers, List<Topic> topics, OptionalInt transactionLogReplicas) {}

  /**
   * Describes the cluster and these topics and logs one warning line if {@link #findings} has
   * something to say; returns that line. Never stops the start: what the credentials may not
   * describe (topic configs and the transaction log need more than the processor's least ACLs) is
   * left out, and a failure to describe skips the check.
   */
  public static Optional<String> warnIfUnsafe(
      Admin admin, List<String> topics, boolean exactlyOnce, Duration timeout) {
    Optional<String> warning =
        describe(admin, topics, exactlyOnce, timeout)
            .flatMap(
                d ->
                    warning(
                        findings(
                            d.brokers(), d.topics(), exactlyOnce, d.transactionLogReplicas())));
    warning.ifPresent(LOG::warn);
    return warning;
  }

  /** The brokers, these topics' replication and the transaction log's; empty if not described. */
  public static Optional<Described> describe(
      Admin admin, List<String> topics, boolean exactlyOnce, Duration timeout) {
    try {
      int brokers = get(admin.describeCluster().nodes(), timeout).size();
      Map<String, TopicDescription> described =
          get(admin.describeTopics(topics).allTopicNames(), timeout);
      Map<String, OptionalInt> minIsr = minInSyncReplicas(admin, topics, timeout);
      List<Topic> replication =
          topics.stream()
              .map(
                  t ->
                      new Topic(
                          t,
                          fewestReplicas(described.get(t)),
                          minIsr.getOrDefault(t, OptionalInt.empty())))
              .toList();
      OptionalInt log = exactlyOnce ? transactionLogReplicas(admin, timeout) : OptionalInt.empty();
      return Optional.of(new Described(brokers, replication, log));
    } catch (RuntimeException | ExecutionException e) {
      LOG.debug("Replication check skipped: {}", e.toString());
    } catch (TimeoutException e) {
      LOG.debug("Replication check skipped: the cluster did not answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  private static int fewestReplicas(TopicDescription d) {
    return d.partitions().stream()
        .map(TopicPartitionInfo::replicas)
        .mapToInt(List::size)
        .min()
        .orElse(0);
  }

  private static Map<String, OptionalInt> minInSyncReplicas(
      Admin admin, List<String> topics, Duration timeout) throws InterruptedException {
    try {
      Map<ConfigResource, Config> configs =
          get(
              admin
                  .describeConfigs(
                      topics.stream()
                          .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                          .toList())
                  .all(),
              timeout);
      Map<String, OptionalInt> result = new HashMap<>();
      configs.forEach(
          (resource, config) -> {
            ConfigEntry e = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            result.put(
                resource.name(),
                e == null || e.value() == null
                    ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(e.value())));
          });
      return result;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return Map.of(); // not allowed to describe configs (DescribeConfigs ACL): left out
    }
  }

  private static OptionalInt transactionLogReplicas(Admin admin, Duration timeout)
      throws InterruptedException {
    try {
      TopicDescription d =
          get(admin.describeTopics(List.of(TRANSACTION_LOG)).allTopicNames(), timeout)
              .get(TRANSACTION_LOG);
      return OptionalInt.of(fewestReplicas(d));
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return OptionalInt.empty(); // not created yet (no transaction so far), or not allowed
    }
  }

  private static <T> T get(KafkaFuture<T> f, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The one warning line, or empty when there is nothing to say. */
  public static Optional<String> warning(List<String> findings) {
    return findings.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "Replication unsafe for a replicated cluster: "
                + String.join("; ", findings)
                + " (docs/reliability.md, Running on a replicated cluster)");
  }
}
