package dev.scientistages.toolkit;

import dev.scientistages.cluster.LocalBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The broker of {@link EmbeddedKafka}, as a JVM of its own ({@code kafka.Kafka server.properties},
 * what {@code kafka-server-start.sh} runs): for a benchmark whose CPU, heap and JIT must be the
 * client's alone. Its data lives in a temporary directory that {@link #close()} deletes.
 */
public final class BrokerJvm implements LocalBroker {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path dir;
  private final int port;

  private BrokerJvm(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts a broker JVM on free ports and returns once it answers.
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
    int port = EmbeddedKafka.freePort();
    int controllerPort = EmbeddedKafka.freePort();
    while (controllerPort == port) {
      controllerPort = EmbeddedKafka.freePort();
    }
    Properties props = EmbeddedKafka.brokerProperties(port, controllerPort, dir.resolve("data"));
    EmbeddedKafka.formatIfNeeded(props, dir.resolve("data"));
    Path config = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      props.store(out, "broker of the benchmark");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("kafka.Kafka");
    command.add(config.toString());
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("broker.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BrokerJvm broker = new BrokerJvm(process, dir, port);
    try {
      broker.awaitAnswering();
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  private void awaitAnswering() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    // First the port, so that the admin client does not warn about every refused connection.
    while (!listening()) {
      pause(deadline, "listen on " + bootstrapServers());
    }
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    try (Admin admin = Admin.create(p)) {
      while (true) {
        try {
          if (!admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
              .nodes()
              .get(4, TimeUnit.SECONDS)
              .isEmpty()) {
            return;
          }
        } catch (Exception e) {
          // Not ready yet: try again until the deadline.
        }
        pause(deadline, "answer at " + bootstrapServers());
      }
    }
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
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "The broker JVM ended before it could " + what + ":\n" + tail());
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

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("broker.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no output)";
    }
  }

  /** SIGTERM (a controlled shutdown), then the data directory goes. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      Directories.deleteRecursively(dir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (IOException e) {
      // A temporary directory: the system cleans it up in the end.
    }
  }
}
