package dev.scientistages.toolkit;

import dev.scientistages.cluster.LocalBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker of {@link EmbeddedKafka} as a JVM of its own ({@code kafka.Kafka server.properties},
 * what {@code kafka-server-start.sh} runs): for a benchmark whose CPU, heap and JIT must be the
 * client's alone, and for tests that stop it with SIGTERM, kill it with SIGKILL and start it again
 * on the same data directory and ports. Optionally its KRaft controller runs in a JVM of its own
 * that stays up meanwhile, as dedicated controllers do in production.
 */
public final class BrokerJvm implements LocalBroker {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerJvm.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  /** The node id of the separate controller (the broker's is the embedded broker's). */
  private static final int CONTROLLER_ID = 1000;

  private final Path dir;
  private final boolean deleteDir;
  private final Path config;
  private final int port;
  private final String heap;
  private final KafkaProcess controller;
  private final List<KafkaProcess> runs = new ArrayList<>();
  private KafkaProcess process;

  private BrokerJvm(
      Path dir, boolean deleteDir, Path config, int port, String heap, KafkaProcess controller) {
    this.dir = dir;
    this.deleteDir = deleteDir;
    this.config = config;
    this.port = port;
    this.heap = heap;
    this.controller = controller;
  }

  /**
   * Starts a broker JVM on free ports in a temporary directory that {@link #close()} deletes, and
   * returns once it answers.
   *
   * @param heap the broker's {@code -Xmx}, e.g. {@code 1g}
   */
  public static BrokerJvm start(String heap) {
    Path dir;
    try {
      dir = Files.createTempDirectory("broker-jvm-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return start(dir, true, Map.of(), false, heap);
  }

  /**
   * Formats a data directory under {@code dir} (which the caller owns and deletes), starts the
   * broker on free ports (kept for its restarts) and returns once it answers. The broker is its own
   * KRaft controller, as the embedded broker and the compose file run it.
   *
   * @param overrides server properties to change, e.g. to time out transactions sooner
   */
  public static BrokerJvm start(Path dir, Map<String, String> overrides) {
    return start(dir, overrides, false);
  }

  /**
   * As {@link #start(Path, Map)}; with {@code separateController}, the KRaft controller runs in a
   * JVM of its own that stays up while the broker is stopped, killed and restarted.
   */
  public static BrokerJvm start(
      Path dir, Map<String, String> overrides, boolean separateController) {
    return start(dir, false, overrides, separateController, "512m");
  }

  private static BrokerJvm start(
      Path dir,
      boolean deleteDir,
      Map<String, String> overrides,
      boolean separateController,
      String heap) {
    int port = Ports.freeOutsideEphemeralRange();
    int controllerPort = Ports.freeOutsideEphemeralRange();
    while (controllerPort == port) {
      controllerPort = Ports.freeOutsideEphemeralRange();
    }
    Path data = dir.resolve("broker-data");
    Properties props = BrokerProperties.of(port, controllerPort, data);
    props.putAll(overrides);
    KafkaProcess controller = null;
    if (separateController) {
      Properties controllerProps =
          BrokerProperties.separateController(
              props, CONTROLLER_ID, controllerPort, dir.resolve("controller-data"));
      String clusterId = Uuid.randomUuid().toString();
      StorageFormat.formatIfNeeded(controllerProps, dir.resolve("controller-data"), clusterId);
      StorageFormat.formatIfNeeded(props, data, clusterId);
      Path controllerConfig = store(controllerProps, dir.resolve("controller.properties"));
      controller = KafkaProcess.start(controllerConfig, dir.resolve("controller.log"), heap);
    } else {
      StorageFormat.formatIfNeeded(props, data, Uuid.randomUuid().toString());
    }
    Path config = store(props, dir.resolve("server.properties"));
    return started(new BrokerJvm(dir, deleteDir, config, port, heap, controller));
  }

  /**
   * A broker configured whole by the caller (as a compose service's environment configures one),
   * its log directory formatted for {@code clusterId} unless it is already; returns once it answers
   * on {@code 127.0.0.1:clientPort}.
   */
  public static BrokerJvm startConfigured(
      Path dir, Properties props, String clusterId, int clientPort) {
    StorageFormat.formatIfNeeded(props, Path.of(props.getProperty("log.dirs")), clusterId);
    Path config = store(props, dir.resolve("server.properties"));
    return started(new BrokerJvm(dir, false, config, clientPort, "512m", null));
  }

  private static BrokerJvm started(BrokerJvm broker) {
    try {
      broker.restart();
    } catch (RuntimeException | Error e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The directory holding the broker's configuration, data and the log of each of its runs. */
  public Path dir() {
    return dir;
  }

  /** Starts the broker again (same data, same ports) and waits until it answers. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the broker is still running");
    }
    process = KafkaProcess.start(config, dir.resolve("broker-" + (runs.size() + 1) + ".log"), heap);
    runs.add(process);
    awaitAnswering();
    LOG.info(
        "Broker JVM ready at {} (configuration, data and logs in {})", bootstrapServers(), dir);
  }

  /** How many lines of the broker's output, over all its runs, contain {@code text}. */
  public long countOutput(String text) {
    long count = 0;
    for (KafkaProcess run : runs) {
      count += run.output().lines().filter(l -> l.contains(text)).count();
    }
    return count;
  }

  /** SIGTERM: a controlled shutdown; returns the exit code. */
  public int stop() {
    return process.stop(STOP_TIMEOUT);
  }

  /** SIGKILL: no shutdown at all; the logs are recovered at the next start. */
  public void kill() {
    process.kill();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  private static Path store(Properties props, Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "single-node Kafka broker");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private void awaitAnswering() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    // First the port, so that the admin client does not warn about every refused connection.
    while (!listening()) {
      pause(deadline, "listen on " + bootstrapServers());
    }
    Brokers.awaitListed(
        bootstrapServers(), 1, () -> pause(deadline, "answer at " + bootstrapServers()));
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void pause(long deadline, String what) {
    if (controller != null && !controller.isAlive()) {
      throw new IllegalStateException(
          "The controller JVM ended before the broker could " + what + ":\n" + controller.tail());
    }
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "The broker JVM ended before it could " + what + ":\n" + process.tail());
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(
          "The broker JVM did not " + what + " within " + START_TIMEOUT.toSeconds() + " s");
    }
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the broker JVM started", e);
    }
  }

  /**
   * SIGTERM (a controlled shutdown) of the broker, then of its controller; then the directory goes
   * if the broker made it.
   */
  @Override
  public void close() {
    for (KafkaProcess p : new KafkaProcess[] {process, controller}) {
      if (p != null) {
        p.close(STOP_TIMEOUT);
      }
    }
    if (deleteDir) {
      try {
        Directories.deleteRecursively(dir);
      } catch (IOException e) {
        // A temporary directory: the system cleans it up in the end.
      }
    }
  }
}
