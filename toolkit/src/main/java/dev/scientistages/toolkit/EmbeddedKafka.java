package dev.scientistages.toolkit;

import dev.scientistages.cluster.LocalBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
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
 */
public final class EmbeddedKafka implements LocalBroker {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private static final String HOST = "127.0.0.1";
  private static final String META_PROPERTIES = "meta.properties";
  private static final String LOCK_FILE = ".lock";
  private static final int NODE_ID = 1;

  /**
   * The data directories of the brokers running in this JVM, by file identity (so that a symlink or
   * another spelling of a path is the same directory). Checked before the lock file: closing any
   * channel on that file would release this JVM's lock on it (POSIX locks belong to the process),
   * letting another process start a second broker on the directory.
   */
  private static final Set<Object> DIRS_IN_USE = ConcurrentHashMap.newKeySet();

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
    int brokerPort = port == 0 ? freePort() : requireFree(port);
    int controllerPort = freePort();
    while (controllerPort == brokerPort) {
      controllerPort = freePort();
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

    Object dirKey = fileKey(dir);
    if (!DIRS_IN_USE.add(dirKey)) {
      throw inUse(dir);
    }
    boolean started = false;
    try {
      if (!temporary) {
        requireNotInUse(dir);
      }
      EmbeddedKafka kafka = startOn(dir, temporary, brokerPort, controllerPort, options, dirKey);
      started = true;
      return kafka;
    } finally {
      if (!started) {
        DIRS_IN_USE.remove(dirKey);
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
      Properties props = brokerProperties(brokerPort, controllerPort, dir, options);
      formatIfNeeded(props, dir, Uuid.randomUuid().toString(), options.formatArguments);
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
      DIRS_IN_USE.remove(dirKey);
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

  /**
   * The server properties of this single-node broker with the default (PLAINTEXT) listeners: KRaft
   * broker and controller on {@code 127.0.0.1}, one replica for every internal topic. Public so
   * that the same broker can also be run as a separate process ({@code kafka.Kafka
   * server.properties}).
   */
  public static Properties brokerProperties(int brokerPort, int controllerPort, Path dir) {
    return brokerProperties(brokerPort, controllerPort, dir, builder());
  }

  private static Properties brokerProperties(
      int brokerPort, int controllerPort, Path dir, Builder options) {
    Properties p = new Properties();
    String listener = options.listenerProtocol.name;
    // KRaft, one node that is both broker and controller, on the loopback interface only.
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.setProperty(
        "listeners",
        listener
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ",CONTROLLER://"
            + HOST
            + ":"
            + controllerPort);
    p.setProperty("advertised.listeners", listener + "://" + HOST + ":" + brokerPort);
    p.setProperty(
        "listener.security.protocol.map",
        listener + ":" + listener + ",CONTROLLER:" + options.controllerProtocol.name);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", listener);
    p.setProperty("log.dirs", dir.toString());

    // One node: every internal topic has one replica, so that transactions and EOS work.
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // Ends a dead producer's timed-out transaction within a second of its timeout, not ten:
    // until then read_committed readers cannot see past it (fast failover).
    p.setProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    // The application creates its topics itself.
    p.setProperty("auto.create.topics.enable", "false");

    // Modest resources: this broker shares a small machine with the application.
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "2");
    p.setProperty("background.threads", "2");
    p.setProperty("num.recovery.threads.per.data.dir", "1");
    p.setProperty("log.cleaner.threads", "1");
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    options.properties.forEach(p::setProperty);
    return p;
  }

  /** Formats the directory with a new random cluster id unless it is formatted already. */
  public static void formatIfNeeded(Properties props, Path dir) {
    formatIfNeeded(props, dir, Uuid.randomUuid().toString(), List.of());
  }

  /**
   * Formats the directory for the cluster {@code clusterId} unless it is formatted already: for the
   * nodes of one cluster (a broker and its separate controller), which must share the id.
   */
  public static void formatIfNeeded(Properties props, Path dir, String clusterId) {
    formatIfNeeded(props, dir, clusterId, List.of());
  }

  private static void formatIfNeeded(
      Properties props, Path dir, String clusterId, List<String> extraArguments) {
    if (Files.exists(dir.resolve(META_PROPERTIES))) {
      LOG.debug("Data directory {} is already formatted; reusing it", dir);
      return;
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Path config = null;
    int code;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      config = Files.createTempFile("embedded-kafka-", ".properties");
      try (OutputStream os = Files.newOutputStream(config)) {
        props.store(os, "embedded Kafka broker");
      }
      List<String> arguments =
          new ArrayList<>(
              List.of("format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"));
      arguments.addAll(extraArguments);
      code = StorageTool.execute(arguments.toArray(String[]::new), out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the broker configuration: " + e, e);
    } finally {
      if (config != null) {
        try {
          Files.deleteIfExists(config);
        } catch (IOException e) {
          LOG.debug("Could not delete {}", config, e);
        }
      }
    }
    String output = captured.toString(StandardCharsets.UTF_8).strip();
    LOG.debug("Kafka storage format of {} (cluster id {}): {}", dir, clusterId, output);
    if (code != 0) {
      throw new IllegalStateException(
          "formatting the storage failed (exit code " + code + "): " + output);
    }
  }

  /**
   * Fails if another Kafka broker (in this JVM or another process) holds the lock of the directory.
   * Kafka checks this itself, but in combined mode only after its controller has already opened the
   * metadata log in that directory, which the running broker is writing too.
   */
  private static void requireNotInUse(Path dir) {
    Path lockFile = dir.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return;
    }
    boolean locked;
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      locked = lock == null;
      if (lock != null) {
        lock.release();
      }
    } catch (OverlappingFileLockException e) {
      locked = true; // held by a Kafka server in this JVM not started by this class
    } catch (IOException e) {
      LOG.debug("Could not check the lock of {}; Kafka will check it", lockFile, e);
      return;
    }
    if (locked) {
      throw inUse(dir);
    }
  }

  private static IllegalStateException inUse(Path dir) {
    return new IllegalStateException(
        "Cannot start the embedded Kafka broker: the data directory "
            + dir
            + " is in use by another Kafka broker (stop it, or use another data directory)");
  }

  private static int requireFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return port;
    } catch (BindException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded Kafka broker: "
              + HOST
              + ":"
              + port
              + " is already in use (set another port with --embedded-port, or 0 for any free"
              + " port)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded Kafka broker: cannot check whether "
              + HOST
              + ":"
              + port
              + " is free: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Returns a port that was free a moment ago. Another process may take it before Kafka binds it;
   * that small race is accepted (Kafka then fails to start with a clear error).
   */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded Kafka broker: no free port on " + HOST + ": " + e, e);
    }
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

  /** The directory's identity on its file system (device and inode), or its real path. */
  private static Object fileKey(Path dir) {
    try {
      Object key = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
      return key != null ? key : dir.toRealPath();
    } catch (IOException e) {
      return dir;
    }
  }
}
