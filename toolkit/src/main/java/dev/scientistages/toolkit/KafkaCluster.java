package dev.scientistages.toolkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * A replicated KRaft cluster for fault tests: nodes that are broker and controller at once, each a
 * JVM of its own ({@code kafka.Kafka server.properties}) on a host of its own in an {@link
 * IsolatedNetwork}, the three of them the controller quorum. Replicated as production runs it:
 * every topic and internal topic with three replicas, two in sync for a write, no unclean leader
 * election. A node can be stopped, killed, frozen (SIGSTOP) and woken, and started again on its
 * data.
 */
public final class KafkaCluster implements AutoCloseable {
  public static final int CLIENT_PORT = 9092;
  private static final int CONTROLLER_PORT = 9093;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);

  private final List<Node> nodes = new ArrayList<>();
  private final Thread hook = new Thread(this::killAll, "kafka-cluster-cleanup");

  /** One node: its host, its configuration, and its current run. */
  public final class Node {
    private final int id;
    private final IsolatedNetwork.Host host;
    private final Path dir;
    private final Path config;
    private final List<KafkaProcess> runs = new ArrayList<>();
    private KafkaProcess process;
    private boolean frozen;
    private boolean down;

    private Node(int id, IsolatedNetwork.Host host, Path dir, Path config) {
      this.id = id;
      this.host = host;
      this.dir = dir;
      this.config = config;
    }

    public int id() {
      return id;
    }

    public IsolatedNetwork.Host host() {
      return host;
    }

    public String address() {
      return host.address() + ":" + CLIENT_PORT;
    }

    /** Starts the node's JVM (again, on the same data); does not wait for it to answer. */
    public void start() {
      if (process != null && process.isAlive()) {
        throw new IllegalStateException("node " + id + " is still running");
      }
      Path log = dir.resolve("node-" + id + "-run-" + (runs.size() + 1) + ".log");
      process = KafkaProcess.start(host.prefix(), config, log, "512m");
      runs.add(process);
      down = false;
    }

    /** SIGKILL: no shutdown at all; its logs are recovered at the next start. */
    public void kill() {
      down = true;
      process.kill();
    }

    /** SIGTERM, a controlled shutdown; returns the exit code. */
    public int stop() {
      down = true;
      return process.stop(STOP_TIMEOUT);
    }

    /** SIGSTOP: the node stands still, as in a long pause, with its sockets open. */
    public void freeze() {
      process.signal("STOP");
      frozen = true;
    }

    /** SIGCONT after {@link #freeze()}. */
    public void wake() {
      process.signal("CONT");
      frozen = false;
    }

    public boolean isAlive() {
      return process != null && process.isAlive();
    }

    /** How many lines of the node's output, over all its runs, contain {@code text}. */
    public long countOutput(String text) {
      return runs.stream()
          .mapToLong(r -> r.output().lines().filter(l -> l.contains(text)).count())
          .sum();
    }

    /** The last lines of the current run's output, for an error message. */
    public String tail() {
      return process == null ? "" : process.tail();
    }
  }

  private KafkaCluster() {}

  /**
   * Formats and starts {@code size} nodes on hosts {@code network}'s addresses {@code .11}, {@code
   * .12}, ...; returns once every broker is registered and answers.
   *
   * @param dir where each node keeps its configuration, data and the log of each run
   * @param overrides server properties set last on every node
   */
  public static KafkaCluster start(
      IsolatedNetwork network, Path dir, int size, Map<String, String> overrides) {
    KafkaCluster cluster = new KafkaCluster();
    Runtime.getRuntime().addShutdownHook(cluster.hook);
    try {
      List<IsolatedNetwork.Host> hosts = new ArrayList<>();
      for (int id = 1; id <= size; id++) {
        hosts.add(network.host("kafka-" + id, 10 + id));
      }
      String voters = "";
      for (int id = 1; id <= size; id++) {
        voters +=
            (id > 1 ? "," : "") + id + "@" + hosts.get(id - 1).address() + ":" + CONTROLLER_PORT;
      }
      String clusterId = Uuid.randomUuid().toString();
      for (int id = 1; id <= size; id++) {
        IsolatedNetwork.Host host = hosts.get(id - 1);
        Path data = dir.resolve("node-" + id + "-data");
        Properties p = properties(id, host.address(), voters, data, size);
        p.putAll(overrides);
        StorageFormat.formatIfNeeded(p, data, clusterId);
        Path config = dir.resolve("node-" + id + ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
          p.store(out, "replicated KRaft node " + id);
        }
        cluster.nodes.add(cluster.new Node(id, host, dir, config));
      }
      cluster.nodes.forEach(Node::start);
      cluster.awaitBrokers(size, START_TIMEOUT);
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The single-node properties made a replicated node: own address, the quorum, RF 3, ISR 2. */
  private static Properties properties(int id, String address, String voters, Path data, int size) {
    Properties p = BrokerProperties.of(CLIENT_PORT, CONTROLLER_PORT, data);
    p.setProperty("node.id", Integer.toString(id));
    p.setProperty("controller.quorum.voters", voters);
    p.setProperty(
        "listeners",
        "PLAINTEXT://"
            + address
            + ":"
            + CLIENT_PORT
            + ",CONTROLLER://"
            + address
            + ":"
            + CONTROLLER_PORT);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + address + ":" + CLIENT_PORT);
    String replicas = Integer.toString(size);
    String inSync = Integer.toString(Math.min(2, size));
    p.setProperty("default.replication.factor", replicas);
    p.setProperty("min.insync.replicas", inSync);
    p.setProperty("unclean.leader.election.enable", "false");
    p.setProperty("offsets.topic.replication.factor", replicas);
    p.setProperty("transaction.state.log.replication.factor", replicas);
    p.setProperty("transaction.state.log.min.isr", inSync);
    p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
    p.setProperty("share.coordinator.state.topic.min.isr", inSync);
    return p;
  }

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** The node with this {@code node.id}. */
  public Node node(int id) {
    return nodes.get(id - 1);
  }

  /** Every node's client address, as bootstrap servers. */
  public String bootstrapServers() {
    return nodes.stream().map(Node::address).collect(Collectors.joining(","));
  }

  /** Waits until the cluster lists {@code count} brokers; fails if a node ends meanwhile. */
  public void awaitBrokers(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Brokers.awaitListed(
        bootstrapServers(),
        count,
        () -> {
          for (Node node : nodes) {
            // A node stopped or killed on purpose is left alone; one that ended by itself is not.
            if (!node.down && !node.isAlive()) {
              throw new IllegalStateException("node " + node.id + " ended:\n" + node.tail());
            }
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "the cluster did not list "
                    + count
                    + " brokers within "
                    + timeout.toSeconds()
                    + " s");
          }
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the cluster started", e);
          }
        });
  }

  /**
   * SIGTERM to every node at once (woken first, should one be frozen), SIGKILL to one that has not
   * ended soon after: one by one, the last node would wait for a quorum that is gone.
   */
  @Override
  public void close() {
    for (Node node : nodes) {
      if (node.isAlive()) {
        if (node.frozen) {
          node.process.signal("CONT");
        }
        try {
          node.process.signal("TERM");
        } catch (IllegalStateException e) {
          // It ended meanwhile: close() below finds it so.
        }
      }
    }
    for (Node node : nodes) {
      if (node.process != null) {
        node.process.close(CLOSE_TIMEOUT);
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs anyway.
    }
  }

  /** The shutdown hook: no time for a clean stop, and no node may outlive this JVM. */
  private void killAll() {
    for (Node node : nodes) {
      if (node.isAlive()) {
        node.kill();
      }
    }
  }
}
