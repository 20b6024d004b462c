package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.support.AppProcess;
import dev.scientistages.support.OutsideTools;
import dev.scientistages.support.ProcessorFleet;
import dev.scientistages.toolkit.IsolatedNetwork;
import dev.scientistages.toolkit.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The replicated cluster the fault suites share: three KRaft nodes (broker and controller each, RF
 * 3, {@code min.insync.replicas=2}) and two processor hosts, every one a network namespace of its
 * own on one bridge in {@code 10.213.0.0/24}. One per test run ({@link SharedCluster}); closing it
 * stops the nodes and removes every namespace and link it made.
 */
final class ClusterHarness implements AutoCloseable {
  static final Duration SLACK = Duration.ofSeconds(180);
  private static final String SUBNET = "10.213.0";

  final Path dir;
  final IsolatedNetwork network;
  final List<IsolatedNetwork.Host> processorHosts;
  final KafkaCluster cluster;
  final ClusterState state;

  private ClusterHarness(
      Path dir,
      IsolatedNetwork network,
      List<IsolatedNetwork.Host> processorHosts,
      KafkaCluster cluster,
      ClusterState state) {
    this.dir = dir;
    this.network = network;
    this.processorHosts = processorHosts;
    this.cluster = cluster;
    this.state = state;
  }

  /** Needs root for the namespaces: skipped without, except in CI, where it fails. */
  static ClusterHarness start(Path dir) {
    OutsideTools.require(IsolatedNetwork.usable(), "ip netns, run as root,", "iproute2");
    // Every case clears the processors' packet filters when it heals them.
    OutsideTools.require("iptables", "iptables");
    IsolatedNetwork network = IsolatedNetwork.create(SUBNET);
    try {
      List<IsolatedNetwork.Host> hosts =
          List.of(network.host("processor-1", 21), network.host("processor-2", 22));
      KafkaCluster cluster = KafkaCluster.start(network, dir, 3, FaultRun.BROKER);
      return new ClusterHarness(
          dir, network, hosts, cluster, new ClusterState(cluster.bootstrapServers()));
    } catch (RuntimeException | Error e) {
      network.close();
      throw e;
    }
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** {@code topics create} from the processor's jar, on a processor's host, as a deploy step. */
  void createTopics(ProcessorFleet.Topics topics) {
    try (AppProcess create =
        AppProcess.startWithPrefix(
            processorHosts.get(0).prefix(),
            dir,
            topics.input() + "-topics-create",
            Map.of(),
            List.of(),
            "topics",
            "create",
            "-b",
            bootstrapServers(),
            "-s",
            "ages.topic.input=" + topics.input(),
            "-s",
            "ages.topic.output=" + topics.output(),
            "-s",
            "errors.dead.letter.queue.topic.name=" + topics.deadLetters())) {
      assertThat(create.awaitExit(SLACK)).as(create.stderr()).isZero();
    }
    List<String> names = List.of(topics.input(), topics.output(), topics.deadLetters());
    // The topic files say replication.factor=default: the broker's default.replication.factor.
    for (TopicDescription t : state.describe(names).values()) {
      assertThat(t.partitions()).hasSize(12);
      assertThat(t.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      assertThat(state.topicConfig(t.name(), "min.insync.replicas")).isEqualTo("2");
    }
  }

  /** In this order: the admin client, the nodes (SIGTERM), then the namespaces and links. */
  @Override
  public void close() {
    try {
      state.close();
      cluster.close();
    } finally {
      network.close();
    }
  }
}
