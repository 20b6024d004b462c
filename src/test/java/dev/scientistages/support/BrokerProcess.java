package dev.scientistages.support;

import dev.scientistages.local.EmbeddedKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The single-node KRaft broker of {@link EmbeddedKafka}, run as a separate JVM ({@code kafka.Kafka
 * server.properties}, what {@code kafka-server-start.sh} does) so that a test can stop it with
 * SIGTERM, kill it with SIGKILL and start it again on the same data directory and the same ports.
 */
public final class BrokerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final Path config;
  private final int port;
  private int starts;
  private AppProcess process;

  private BrokerProcess(Path dir, Path config, int port) {
    this.dir = dir;
    this.config = config;
    this.port = port;
  }

  /**
   * Formats a data directory under {@code dir}, starts the broker on free ports (kept for its
   * restarts) and returns once it answers.
   *
   * @param overrides server properties to change, e.g. to time out transactions sooner
   */
  public static BrokerProcess start(Path dir, Map<String, String> overrides) {
    int port = freePort();
    int controllerPort = freePort();
    while (controllerPort == port) {
      controllerPort = freePort();
    }
    Path data = dir.resolve("broker-data");
    Properties props = EmbeddedKafka.brokerProperties(port, controllerPort, data);
    props.putAll(overrides);
    Path config = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      props.store(out, "broker of a reliability test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EmbeddedKafka.formatIfNeeded(props, data);
    BrokerProcess broker = new BrokerProcess(dir, config, port);
    CrashRun.log("broker data and every process's output in %s", dir);
    broker.restart();
    return broker;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker again (same data, same ports) and waits until it answers. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the broker is still running");
    }
    starts++;
    process =
        AppProcess.startJava(dir, "broker-" + starts, Map.of(), "kafka.Kafka", config.toString());
    awaitAnswering();
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
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
