package dev.scientistages.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scientistages.support.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedKafkaIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldCommitTransactionsAndServeThemToReadCommittedConsumerOnAnyFreePort() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
      assertThat(kafka.port()).isPositive();
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
      assertThat(kafka.dataDir()).isDirectory();

      exerciseTransactions(kafka, "scientists");
    }
  }

  @Test
  void shouldFreePortDeleteTempDirAndLeaveNoBrokerThreadsAfterClose() throws Exception {
    Set<Thread> before = liveThreads();
    EmbeddedKafka kafka = EmbeddedKafka.start(0, null);
    int port = kafka.port();
    Path dataDir = kafka.dataDir();
    List<Thread> brokerThreadsWhileRunning;
    try {
      // Make the broker start its coordinators (group, transaction) before stopping it.
      exerciseTransactions(kafka, "ages");
      // The clients are closed by now; only the broker's threads are left to stop.
      brokerThreadsWhileRunning = newThreads(before, false);
    } catch (Throwable t) {
      kafka.close(); // not left running for the later tests
      throw t;
    }

    long start = System.nanoTime();
    kafka.close();
    long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    kafka.close(); // idempotent, does not throw

    assertThat(brokerThreadsWhileRunning)
        .as("the test must see the broker's threads while it runs, or it proves nothing")
        .isNotEmpty();
    assertThat(dataDir).doesNotExist();
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
    List<Thread> rightAfterClose = newThreads(before, true);
    // Some pool threads may finish a moment after awaitShutdown() returns: wait, bounded.
    List<Thread> left = waitForNoNewThreads(before, Duration.ofSeconds(10));
    System.out.printf(
        "close() took %d ms; broker threads while running: %d; new threads right after close: %s;"
            + " still alive after waiting: %s%n",
        closeMillis, brokerThreadsWhileRunning.size(), describe(rightAfterClose), describe(left));
    assertThat(left.stream().filter(t -> !t.isDaemon()).map(EmbeddedKafkaIT::describe))
        .as("non-daemon threads still alive after close()")
        .isEmpty();
    assertThat(left.stream().filter(t -> !isJvmGlobal(t)).map(EmbeddedKafkaIT::describe))
        .as("threads started by the broker still alive after close()")
        .isEmpty();
  }

  @Test
  void shouldFailClearlyWhenPortIsTakenAndLeaveNoTempDir() throws Exception {
    Set<Path> tempDirsBefore = embeddedTempDirs();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafka.start(port, null))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage(
              "Cannot start the embedded Kafka broker: 127.0.0.1:"
                  + port
                  + " is already in use (set another port with --embedded-port, or 0 for any free"
                  + " port)");
    }
    // start() checks the port before it creates its temporary directory. (Another process on this
    // machine starting an embedded broker at this very moment would make this check flaky.)
    assertThat(embeddedTempDirs()).isSubsetOf(tempDirsBefore);
  }

  @Test
  void shouldKeepDataDirAndReuseItOnRestart(@TempDir Path tmp) throws Exception {
    Path dataDir = tmp.resolve("kafka-data"); // does not exist yet: start() creates it
    String topic = "kept";

    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir)) {
      assertThat(kafka.dataDir()).isEqualTo(dataDir.toAbsolutePath());
      try (Admin admin = admin(kafka)) {
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
        producer.send(new ProducerRecord<>(topic, 1, "k", "written before restart")).get();
      }
    }
    assertThat(dataDir).isDirectory();
    assertThat(dataDir.resolve("meta.properties")).isRegularFile();
    String metaBefore = Files.readString(dataDir.resolve("meta.properties"));

    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir)) {
      try (Admin admin = admin(kafka)) {
        assertThat(admin.listTopics().names().get()).contains(topic);
        TopicDescription description =
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        assertThat(description.partitions()).hasSize(2);
      }
      List<TopicPartition> partitions =
          List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
      Map<TopicPartition, List<String>> read = readAll(kafka, partitions, 1);
      assertThat(read.get(partitions.get(1))).containsExactly("written before restart");
      assertThat(read.get(partitions.get(0))).isEmpty();
    }
    assertThat(dataDir).isDirectory();
    assertThat(Files.readString(dataDir.resolve("meta.properties")))
        .as("the directory is not formatted again (same cluster id)")
        .isEqualTo(metaBefore);
  }

  @Test
  void shouldRefuseDataDirInUseByAnotherBrokerAndLeaveThatBrokerRunning(@TempDir Path tmp)
      throws Exception {
    Path dataDir = tmp.resolve("shared");
    try (EmbeddedKafka first = EmbeddedKafka.start(0, dataDir)) {
      assertThatThrownBy(() -> EmbeddedKafka.start(0, dataDir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "Cannot start the embedded Kafka broker: the data directory "
                  + dataDir
                  + " is in use by another Kafka broker (stop it, or use another data directory)");
      // The same directory by another name.
      Path link = Files.createSymbolicLink(tmp.resolve("link"), dataDir);
      assertThatThrownBy(() -> EmbeddedKafka.start(0, link))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(link + " is in use by another Kafka broker");
      assertThat(lockHeldForOtherProcesses(dataDir.resolve(".lock"), tmp))
          .as("the refused start leaves the running broker's lock in place")
          .isTrue();
      try (Admin admin = admin(first)) {
        createTopicAndAwaitMetadata(admin, "still-works", 1);
        assertThat(admin.listTopics().names().get()).contains("still-works");
      }
    }
  }

  @Test
  void shouldWrapKafkaStartupFailureAndFreeThePort(@TempDir Path tmp) throws Exception {
    // A directory formatted for another node: Kafka itself refuses to start on it.
    Path dataDir = Files.createDirectories(tmp.resolve("other-node"));
    Files.writeString(
        dataDir.resolve("meta.properties"),
        "version=1\ncluster.id=" + Uuid.randomUuid() + "\nnode.id=2\n");
    int port = Ports.freeOutsideEphemeralRange();

    assertThatThrownBy(() -> EmbeddedKafka.start(port, dataDir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot start the embedded Kafka broker on 127.0.0.1:" + port)
        .hasMessageContaining(dataDir.toString())
        .hasCauseInstanceOf(RuntimeException.class);
    assertThat(dataDir.resolve("meta.properties")).isRegularFile(); // a kept dir is never deleted
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  /**
   * Creates a 3-partition topic, commits two transactions around an aborted one, and checks that a
   * read_committed consumer in a group sees exactly the committed values, in order per partition.
   */
  private static void exerciseTransactions(EmbeddedKafka kafka, String topic) throws Exception {
    int partitionCount = 3;
    try (Admin admin = admin(kafka)) {
      createTopicAndAwaitMetadata(admin, topic, partitionCount);
      assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
          .hasSize(partitionCount);
    }

    List<TopicPartition> partitions = new ArrayList<>();
    Map<TopicPartition, List<String>> expected = new HashMap<>();
    for (int p = 0; p < partitionCount; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      partitions.add(tp);
      expected.put(tp, new ArrayList<>());
    }

    Properties producerProps = producerProps(kafka);
    producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-it-" + topic);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
      producer.initTransactions();
      int n = 0;
      for (String outcome : List.of("commit", "abort", "commit")) {
        producer.beginTransaction();
        for (int i = 0; i < 6; i++, n++) {
          int partition = n % partitionCount;
          String value = outcome + "-" + n;
          producer.send(new ProducerRecord<>(topic, partition, "key-" + n, value));
          if (outcome.equals("commit")) {
            expected.get(partitions.get(partition)).add(value);
          }
        }
        if (outcome.equals("commit")) {
          producer.commitTransaction();
        } else {
          producer.flush();
          producer.abortTransaction();
        }
      }
    }

    int expectedCount = expected.values().stream().mapToInt(List::size).sum();
    assertThat(expectedCount).isEqualTo(12);
    Map<TopicPartition, List<String>> read = readAll(kafka, partitions, expectedCount);
    assertThat(read).isEqualTo(expected);
  }

  /**
   * Reads with a read_committed consumer in a new group until it has at least {@code minCount}
   * records and has reached the end (last stable offset) of every partition, or fails at the
   * deadline.
   */
  private static Map<TopicPartition, List<String>> readAll(
      EmbeddedKafka kafka, List<TopicPartition> partitions, int minCount) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-it-" + System.nanoTime());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());

    Map<TopicPartition, List<String>> read = new HashMap<>();
    partitions.forEach(tp -> read.put(tp, new ArrayList<>()));
    long deadline = System.nanoTime() + WAIT.toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(partitions.get(0).topic()));
      int count = 0;
      while (true) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          read.get(new TopicPartition(r.topic(), r.partition())).add(r.value());
          count++;
        }
        if (count >= minCount && consumer.assignment().containsAll(partitions)) {
          Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
          boolean atEnd = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
          if (atEnd) {
            return read;
          }
        }
        assertThat(System.nanoTime())
            .as("read %d of %d records before the deadline: %s", count, minCount, read)
            .isLessThan(deadline);
      }
    }
  }

  /**
   * Whether another process sees the lock file as locked: a child JVM runs a one-file program that
   * tries to lock it. POSIX locks belong to a process, so this cannot be checked from this JVM.
   */
  private static boolean lockHeldForOtherProcesses(Path lockFile, Path tmp) throws Exception {
    Path program = tmp.resolve("TryLock.java");
    Files.writeString(
        program,
        """
        import java.nio.channels.FileChannel;
        import java.nio.file.Path;
        import java.nio.file.StandardOpenOption;

        public class TryLock {
          public static void main(String[] args) throws Exception {
            try (FileChannel channel =
                FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
              System.exit(channel.tryLock() == null ? 3 : 0);
            }
          }
        }
        """);
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(java.toString(), program.toString(), lockFile.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the lock probe finished").isTrue();
    int code = process.exitValue();
    assertThat(code).as("lock probe exit code; output: %s", output).isIn(0, 3);
    return code == 3;
  }

  private static void createTopicAndAwaitMetadata(Admin admin, String topic, int partitions)
      throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    Await.topicsListed(admin, List.of(topic));
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static Properties producerProps(EmbeddedKafka kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return props;
  }

  private static Set<Thread> liveThreads() {
    Set<Thread> threads = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    threads.addAll(Thread.getAllStackTraces().keySet());
    return threads;
  }

  /** Live threads that did not exist in {@code before}; optionally only those named like Kafka. */
  private static List<Thread> newThreads(Set<Thread> before, boolean all) {
    return liveThreads().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .filter(t -> all || looksLikeKafka(t))
        .collect(Collectors.toList());
  }

  /**
   * Yammer Metrics (which the broker uses) starts two daemon threads, {@code
   * metrics-meter-tick-thread-1} and {@code -2}, on its JVM-wide default registry the first time a
   * broker starts in a JVM; they are shared by every later broker and are never stopped. They are
   * tolerated only as daemon threads.
   */
  private static boolean isJvmGlobal(Thread t) {
    return t.isDaemon() && t.getName().startsWith("metrics-meter-tick-thread-");
  }

  /** Waits until every new thread except the JVM-global ones has ended; returns all new ones. */
  private static List<Thread> waitForNoNewThreads(Set<Thread> before, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Thread> left = newThreads(before, true);
    while (left.stream().anyMatch(t -> !isJvmGlobal(t)) && System.nanoTime() < deadline) {
      for (Thread t : left) {
        if (isJvmGlobal(t)) {
          continue;
        }
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (System.nanoTime() >= deadline) {
          break;
        }
      }
      left = newThreads(before, true);
    }
    return left;
  }

  private static boolean looksLikeKafka(Thread t) {
    String name = t.getName().toLowerCase(Locale.ROOT);
    return Stream.of(
            "kafka",
            "raft",
            "controller",
            "broker",
            "quorum",
            "metadata",
            "scheduler",
            "coordinator",
            "reaper",
            "log-cleaner",
            "data-plane",
            "request-handler",
            "fetcher",
            "expiration",
            "executor",
            "acceptor",
            "processor")
        .anyMatch(name::contains);
  }

  private static String describe(Thread t) {
    return t.getName() + (t.isDaemon() ? " (daemon)" : " (non-daemon)");
  }

  private static List<String> describe(List<Thread> threads) {
    return threads.stream().map(EmbeddedKafkaIT::describe).sorted().collect(Collectors.toList());
  }

  private static Set<Path> embeddedTempDirs() throws IOException {
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("embedded-kafka-"))
          .collect(Collectors.toSet());
    }
  }
}
