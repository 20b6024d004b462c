package dev.scientistages.support;

import dev.scientistages.toolkit.EmbeddedKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * The single-node KRaft broker of {@link EmbeddedKafka}, run as a separate JVM ({@code kafka.Kafka
 * server.properties}, what {@code kafka-server-start.sh} does) so that a test can stop it with
 * SIGTERM, kill it with SIGKILL and start it again on the same data directory and the same ports.
 */
public final class BrokerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** The node id of the separate controller (the broker's is EmbeddedKafka's, 1). */
  private static final int CONTROLLER_ID = 1000;

  private final Path dir;
  private final Path config;
  private final int port;
  private AppProcess process;
  private final List<AppProcess> runs = new ArrayList<>();
  private final AppProcess controller;

  private BrokerProcess(Path dir, Path config, int port, AppProcess controller) {
    this.dir = dir;
    this.config = config;
    this.port = port;
    this.controller = controller;
  }

  /**
   * Formats a data directory under {@code dir}, starts the broker on free ports (kept for its
   * restarts) and returns once it answers. The broker is its own KRaft controller, as the embedded
   * broker and the compose file run it.
   *
   * @param overrides server properties to change, e.g. to time out transactions sooner
   */
  public static BrokerProcess start(Path dir, Map<String, String> overrides) {
    return start(dir, overrides, false);
  }

  /**
   * As {@link #start(Path, Map)}; with {@code separateController}, the KRaft controller runs in a
   * JVM of its own that stays up while the broker is stopped, killed and restarted, as in a
   * production cluster with dedicated controllers.
   */
  public static BrokerProcess start(
      Path dir, Map<String, String> overrides, boolean separateController) {
    int port = Ports.freeOutsideEphemeralRange();
    int controllerPort = Ports.freeOutsideEphemeralRange();
    while (controllerPort == port) {
      controllerPort = Ports.freeOutsideEphemeralRange();
    }
    Path data = dir.resolve("broker-data");
    Properties props = EmbeddedKafka.brokerProperties(port, controllerPort, data);
    props.putAll(overrides);
    Properties controllerProps = null;
    if (separateController) {
      controllerProps = new Properties();
      controllerProps.putAll(props);
      controllerProps.setProperty("process.roles", "controller");
      controllerProps.setProperty("node.id", Integer.toString(CONTROLLER_ID));
      controllerProps.setProperty("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
      controllerProps.setProperty("log.dirs", dir.resolve("controller-data").toString());
      controllerProps.remove("advertised.listeners");
      controllerProps.remove("inter.broker.listener.name");
      props.setProperty("process.roles", "broker");
      props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port);
      for (Properties p : List.of(controllerProps, props)) {
        p.setProperty("controller.quorum.voters", CONTROLLER_ID + "@127.0.0.1:" + controllerPort);
      }
    }
    Path config = store(props, dir.resolve("server.properties"));
    AppProcess controller = null;
    if (controllerProps != null) {
      String clusterId = Uuid.randomUuid().toString();
      EmbeddedKafka.formatIfNeeded(controllerProps, dir.resolve("controller-data"), clusterId);
      EmbeddedKafka.formatIfNeeded(props, data, clusterId);
      controller =
          startKafka(
              dir, "controller", store(controllerProps, dir.resolve("controller.properties")));
    } else {
      EmbeddedKafka.formatIfNeeded(props, data);
    }
    BrokerProcess broker = new BrokerProcess(dir, config, port, controller);
    CrashRun.log("broker data and every process's output in %s", dir);
    try {
      broker.restart();
    } catch (RuntimeException | Error e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  /**
   * A broker configured whole by the caller (as a compose service's environment configures one),
   * its log directory formatted for {@code clusterId} unless it is already; returns once the broker
   * answers on {@code 127.0.0.1:clientPort}.
   */
  public static BrokerProcess startConfigured(
      Path dir, Properties props, String clusterId, int clientPort) {
    Path config = store(props, dir.resolve("server.properties"));
    EmbeddedKafka.formatIfNeeded(props, Path.of(props.getProperty("log.dirs")), clusterId);
    BrokerProcess broker = new BrokerProcess(dir, config, clientPort, null);
    try {
      broker.restart();
    } catch (RuntimeException | Error e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  private static Path store(Properties props, Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "Kafka of a reliability test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static AppProcess startKafka(Path dir, String name, Path config) {
    return AppProcess.startJava(
        dir,
        name,
        Map.of(),
        List.of("-Dlog4j2.configurationFile=classpath:broker-log4j2.properties"),
        "kafka.Kafka",
        config.toString());
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker again (same data, same ports) and waits until it answers. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the broker is still running");
    }
    process = startKafka(dir, "broker-" + (runs.size() + 1), config);
    runs.add(process);
    awaitAnswering();
  }

  /** How many lines of the broker's output, over all its runs, contain {@code text}. */
  public long countOutput(String text) {
    long count = 0;
    for (AppProcess run : runs) {
      count += (run.stdout() + run.stderr()).lines().filter(l -> l.contains(text)).count();
    }
    return count;
  }

  /** SIGTERM: a controlled shutdown; returns the exit code. */
  public int stop() {
    return process.stop(Duration.ofSeconds(60));
  }

  /** SIGKILL: no shutdown at all; the logs are recovered at the next start. */
  public void kill() {
    process.kill();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  private void awaitAnswering() {
    // First the port, so that the admin client does not warn about every refused connection.
    Await.until(
        "the broker to listen on " + bootstrapServers(),
        START_TIMEOUT,
        () -> {
          requireAlive();
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1000);
            return true;
          } catch (IOException e) {
            return false;
          }
        });
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    try (Admin admin = Admin.create(p)) {
      Await.until(
          "the broker at " + bootstrapServers() + " to answer",
          START_TIMEOUT,
          () -> {
            requireAlive();
            try {
              return !admin
                  .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                  .nodes()
                  .get(4, TimeUnit.SECONDS)
                  .isEmpty();
            } catch (Exception e) {
              return false;
            }
          });
    }
  }

  private void requireAlive() {
    if (controller != null && !controller.isAlive()) {
      throw new AssertionError(
          "the controller ended; its output:\n" + controller.stdout() + controller.stderr());
    }
    if (!process.isAlive()) {
      throw new AssertionError(
          "the broker ended while starting; its output:\n" + process.stdout() + process.stderr());
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
    if (controller != null) {
      controller.close();
    }
  }
}
