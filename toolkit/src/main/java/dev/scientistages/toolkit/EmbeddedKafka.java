package dev.scientistages.toolkit;

import dev.scientistages.cluster.LocalBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker running inside this JVM.
 *
 * <p>It is Apache Kafka's own server ({@link KafkaRaftServer}), in KRaft mode with one node that is
 * both broker and controller, listening on {@code 127.0.0.1} only. It exists so that the
 * application can be tried, demonstrated and integration-tested against a genuine broker
 * (transactions, exactly-once, consumer groups, the same wire protocol and the same version as the
 * clients) without installing Kafka or running Docker.
 *
 * <p>The node is configured for a single replica: the internal topics (consumer offsets,
 * transaction state, share-group state) have a replication factor and a minimum ISR of 1, so that
 * transactional producers and exactly-once Kafka Streams work. Topics are not auto-created: the
 * application creates its own topics.
 *
 * <p>By default both listeners speak PLAINTEXT. {@link #builder()} can give the client listener and
 * the controller listener other security protocols and add any broker property (TLS, SASL, an
 * authorizer), for tests of secured clusters.
 *
 * <p>Start it with {@link #start(int, Path)} and stop it with {@link #close()} (for instance with
 * try-with-resources). Closing shuts the broker down, waits for it to finish, and deletes the data
 * directory if it was a temporary one.
 *
 * <p>A fatal error inside the broker is handled the way Kafka handles it in a standalone broker,
 * which may terminate the JVM; this class is meant for local use, not for production.
 *
 * <p>This file holds the lifecycle and its {@link Builder}, the one way to configure it; the
 * broker's properties, the storage format, the data-directory claims and the ports are classes of
 * their own, shared with {@link BrokerJvm}.
 */
public final class EmbeddedKafka implements LocalBroker {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private static final String HOST = BrokerProperties.HOST;

  private final KafkaRaftServer server;
  private final int port;
  private final Path dataDir;
  private final boolean temporaryDataDir;
  private final Object dirKey;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(
      KafkaRaftServer server, int port, Path dataDir, boolean temporaryDataDir, Object dirKey) {
    this.server = server;
    this.port = port;
    this.dataDir = dataDir;
    this.temporaryDataDir = temporaryDataDir;
    this.dirKey = dirKey;
  }

  /**
   * Starts a broker and returns once it accepts connections.
   *
   * @param port the port of the PLAINTEXT listener on {@code 127.0.0.1}; 0 picks any free port
   * @param dataDir the log directory; {@code null} uses a fresh temporary directory that {@link
   *     #close()} deletes. Otherwise the directory is kept: it is created if missing, formatted
   *     only if it has not been formatted yet, and reused (with its topics) across restarts.
   * @return the running broker
   * @throws UncheckedIOException if the port is already in use, or the data directory cannot be
   *     created
   * @throws IllegalStateException if the data directory is used by another running broker, or Kafka
   *     fails to format its storage or to start
   */
  public static EmbeddedKafka start(int port, Path dataDir) {
    return builder().port(port).dataDir(dataDir).start();
  }

  /** A broker with more to configure than a port and a data directory. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What {@link #start(int, Path)} takes, and more: the security protocols of the two listeners,
   * extra broker properties and extra arguments for formatting the storage.
   */
  public static final class Builder {
    private int port;
    private Path dataDir;
    private SecurityProtocol listenerProtocol = SecurityProtocol.PLAINTEXT;
    private SecurityProtocol controllerProtocol = SecurityProtocol.PLAINTEXT;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> formatArguments = new ArrayList<>();

    private Builder() {}

    /** The client listener's port on {@code 127.0.0.1}; 0 (the default) picks any free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The log directory; {@code null} (the default) is a temporary one. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /**
     * The security protocol of the listener that clients and the broker itself (inter-broker) use;
     * the listener is named after it ({@code SASL_SSL://127.0.0.1:port}), so its per-listener
     * properties are {@code listener.name.sasl_ssl.*}. PLAINTEXT by default.
     */
    public Builder listener(SecurityProtocol protocol) {
      this.listenerProtocol = protocol;
      return this;
    }

    /**
     * The security protocol of the {@code CONTROLLER} listener (per-listener properties: {@code
     * listener.name.controller.*}). PLAINTEXT by default.
     */
    public Builder controllerListener(SecurityProtocol protocol) {
      this.controllerProtocol = protocol;
      return this;
    }

    /** A broker property, set after (and so over) the built-in ones. */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /**
     * Extra arguments for Kafka's storage format step, such as {@code --add-scram
     * SCRAM-SHA-512=[name=admin,password=...]} for credentials the broker needs before it runs.
     * Used only when the data directory is formatted.
     */
    public Builder formatArguments(String... arguments) {
      Collections.addAll(formatArguments, arguments);
      return this;
    }

    /** Starts the broker; see {@link EmbeddedKafka#start(int, Path)}. */
    public EmbeddedKafka start() {
      return EmbeddedKafka.start(this);
    }
  }

  private static EmbeddedKafka start(Builder options) {
    int port = options.port;
    Path dataDir = options.dataDir;
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("Port out of range: " + port);
    }
    // Fail fast, before creating anything, if the requested port is taken.
    int brokerPort = port == 0 ? Ports.any() : Ports.requireFree(port);
    int controllerPort = Ports.any();
    while (controllerPort == brokerPort) {
      controllerPort = Ports.any();
    }

    boolean temporary = dataDir == null;
    Path dir;
    try {
      if (temporary) {
        dir = Files.createTempDirectory("embedded-kafka-").toAbsolutePath();
      } else {
        dir = Files.createDirectories(dataDir.toAbsolutePath().normalize());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded Kafka broker: cannot create the data directory "
              + (temporary ? "(temporary)" : dataDir)
              + ": "
              + e.getMessage(),
          e);
    }

    Object dirKey = DataDirectories.claim(dir, !temporary);
    boolean started = false;
    try {
      EmbeddedKafka kafka = startOn(dir, temporary, brokerPort, controllerPort, options, dirKey);
      started = true;
      return kafka;
    } finally {
      if (!started) {
        DataDirectories.release(dirKey);
      }
    }
  }

  private static EmbeddedKafka startOn(
      Path dir,
      boolean temporary,
      int brokerPort,
      int controllerPort,
      Builder options,
      Object dirKey) {
    long startNanos = System.nanoTime();
    KafkaRaftServer server = null;
    try {
      Properties props =
          BrokerProperties.of(
              brokerPort,
              controllerPort,
              dir,
              options.listenerProtocol,
              options.controllerProtocol,
              options.properties);
      StorageFormat.formatIfNeeded(
          props, dir, Uuid.randomUuid().toString(), options.formatArguments);
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
    } catch (Error e) {
      cleanUpFailedStart(server, temporary ? dir : null, e);
      throw e;
    } catch (RuntimeException e) {
      cleanUpFailedStart(server, temporary ? dir : null, e);
      String message =
          "Cannot start the embedded Kafka broker on "
              + HOST
              + ":"
              + brokerPort
              + " (data dir "
              + dir
              + "): "
              + e;
      throw new IllegalStateException(message, e);
    }
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    LOG.info(
        "Embedded Kafka broker ready at {}:{} (data dir {}{}) in {} ms",
        HOST,
        brokerPort,
        dir,
        temporary ? ", temporary" : "",
        millis);
    return new EmbeddedKafka(server, brokerPort, dir, temporary, dirKey);
  }

  /** Returns the bootstrap servers for clients, {@code "127.0.0.1:<port>"}. */
  @Override
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** Returns the port of the client listener (the actual one when started with port 0). */
  public int port() {
    return port;
  }

  /** Returns the absolute data (log) directory of the broker. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Shuts the broker down, waits until it has stopped, then deletes the data directory if it is a
   * temporary one. Idempotent: later calls do nothing. Never throws; failures are logged.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long startNanos = System.nanoTime();
    try {
      server.shutdown();
    } catch (RuntimeException e) {
      LOG.warn("Embedded Kafka broker at {} failed to shut down cleanly", bootstrapServers(), e);
    }
    try {
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Waiting for the embedded Kafka broker at {} to stop failed", bootstrapServers(), e);
    } finally {
      DataDirectories.release(dirKey);
    }
    if (temporaryDataDir) {
      try {
        Directories.deleteRecursively(dataDir);
      } catch (IOException first) {
        // A file may still have been closing; one more pass usually finishes the job.
        try {
          Directories.deleteRecursively(dataDir);
        } catch (IOException e) {
          e.addSuppressed(first);
          LOG.warn("Could not delete the temporary data directory {}", dataDir, e);
        }
      }
    }
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    LOG.info(
        "Embedded Kafka broker at {} stopped in {} ms{}",
        bootstrapServers(),
        millis,
        temporaryDataDir ? " (temporary data dir deleted)" : " (data dir " + dataDir + " kept)");
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers() + ", dataDir=" + dataDir + "]";
  }

  /** Stops what a failed start left running and deletes the temporary directory, if any. */
  private static void cleanUpFailedStart(
      KafkaRaftServer server, Path temporaryDir, Throwable failure) {
    if (server != null) {
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    if (temporaryDir != null) {
      try {
        Directories.deleteRecursively(temporaryDir);
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
