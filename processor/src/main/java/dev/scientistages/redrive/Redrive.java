package dev.scientistages.redrive;

import dev.scientistages.deadletter.DeadLetterHeaders;
import dev.scientistages.io.Pacer;
import dev.scientistages.topics.TopicSetupException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends dead letters back to the topic they came from, exactly once: the sends and the redrive's
 * position in the dead-letter topic ({@link RedrivePosition}, in a consumer group of its own)
 * commit in one transaction, about once a second. A run reads from that position up to the end the
 * topic had when it started (for read_committed, the last stable offset), so it ends; one killed
 * half-way leaves an open transaction that the next run's {@code initTransactions} aborts, and that
 * run goes on from the last commit.
 */
public final class Redrive {
  /** What a run is asked to do. {@code to}: null means each dead letter's source topic. */
  public record Request(
      String deadLetterTopic,
      String groupId,
      String transactionalId,
      RedriveSelection selection,
      String to,
      int maxRedrives,
      boolean dryRun,
      double rate) {}

  /** How far a run has read, in offsets of the dead-letter topic. */
  public interface Progress {
    void start(long total);

    void at(long done);

    Progress NONE =
        new Progress() {
          @Override
          public void start(long total) {}

          @Override
          public void at(long done) {}
        };
  }

  /**
   * A run that cannot go on, for a reason its message says whole (another run fenced it, the group
   * holds something else): exit code 1 and that message, no stack trace.
   */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The redrive's consumer group and transactional id: one redrive per application at a time. */
  public static String idOf(String applicationId) {
    return applicationId + "-redrive";
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(200);

  /** Well inside the transaction timeout (5 s by default here), and few enough commits. */
  private static final long COMMIT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private final Properties consumerProperties;
  private final Properties producerProperties;

  /** With the client properties of the settings (security and all); the rest is set here. */
  public Redrive(Properties consumerProperties, Properties producerProperties) {
    this.consumerProperties = consumerProperties;
    this.producerProperties = producerProperties;
  }

  public RedriveSummary run(Request request, Progress progress, BooleanSupplier stopRequested) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(request);
        KafkaProducer<byte[], byte[]> producer = request.dryRun() ? null : producer(request)) {
      if (producer != null) {
        // Fences any earlier run of this id and aborts its open transaction: only then is the
        // committed position final.
        producer.initTransactions();
      }
      return new Run(request, consumer, producer, progress, stopRequested).go();
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer(Request request) {
    Properties p = new Properties();
    p.putAll(consumerProperties);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, request.groupId());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A position below the log start (retention deleted dead letters): from what is left.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> producer(Request request) {
    Properties p = new Properties();
    p.putAll(producerProperties);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, request.transactionalId());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** One partition of the dead-letter topic in this run. */
  private static final class PartitionRun {
    final TopicPartition partition;
    final RedrivePosition initial;
    final PartitionSelection selection;
    final long start;
    final long end;
    long position;
    long firstUnhandled = -1;
    RedrivePosition committed;

    PartitionRun(
        TopicPartition partition,
        RedrivePosition initial,
        PartitionSelection selection,
        long start,
        long end) {
      this.partition = partition;
      this.initial = initial;
      this.selection = selection;
      this.start = start;
      this.end = end;
      this.position = start;
      this.committed = initial;
    }

    void unhandled(long offset) {
      if (firstUnhandled < 0) {
        firstUnhandled = offset;
      }
    }

    RedrivePosition current() {
      return initial.after(selection, firstUnhandled, position);
    }
  }

  /** The state of one run. */
  private static final class Run {
    private final Request request;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Progress progress;
    private final BooleanSupplier stopRequested;
    private final RedriveSummary summary;
    private final Pacer pacer;
    private final Map<TopicPartition, PartitionRun> runs = new LinkedHashMap<>();
    private final Set<String> checkedTargets = new HashSet<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private long transactionSince = -1;
    private long sends;

    Run(
        Request request,
        KafkaConsumer<byte[], byte[]> consumer,
        KafkaProducer<byte[], byte[]> producer,
        Progress progress,
        BooleanSupplier stopRequested) {
      this.request = request;
      this.consumer = consumer;
      this.producer = producer;
      this.progress = progress;
      this.stopRequested = stopRequested;
      this.summary = new RedriveSummary(request.dryRun(), request.maxRedrives());
      this.pacer = Pacer.of(request.dryRun() ? 0 : request.rate());
    }

    RedriveSummary go() {
      plan();
      List<TopicPartition> active = new ArrayList<>();
      runs.values().stream().filter(r -> r.position < r.end).forEach(r -> active.add(r.partition));
      consumer.assign(active);
      active.forEach(tp -> consumer.seek(tp, runs.get(tp).start));
      progress.start(runs.values().stream().mapToLong(r -> r.end - r.start).sum());
      try {
        readToEnd(active);
        commit();
      } catch (RuntimeException e) {
        abort(e);
        throw fencedOr(e);
      }
      return summary;
    }

    /** The committed positions, and where this run ends in each partition. */
    private void plan() {
      String topic = request.deadLetterTopic();
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, TIMEOUT).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new TopicSetupException("The dead-letter topic '" + topic + "' does not exist");
      }
      request.selection().checkPartitions(topic, partitions.size());
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(new HashSet<>(partitions), TIMEOUT);
      Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, TIMEOUT);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
      for (TopicPartition tp : partitions) {
        RedrivePosition initial;
        try {
          initial = RedrivePosition.of(committed.get(tp));
        } catch (IllegalArgumentException e) {
          throw new Failure(
              "Consumer group '"
                  + request.groupId()
                  + "' holds something other than a redrive position for "
                  + tp
                  + " ("
                  + e.getMessage()
                  + "); is the group used by another client?",
              e);
        }
        PartitionSelection selection = request.selection().forPartition(tp.partition());
        long start = Math.max(initial.watermark(), beginnings.get(tp));
        long end =
            Math.max(
                start, Math.min(ends.get(tp), request.selection().untilOffset(tp.partition())));
        int size = initial.after(selection, start, end).metadata().length();
        if (size > RedrivePosition.MAX_METADATA_CHARS) {
          throw new InvalidSelectionException(
              "--key: the selection is too large to be kept with the redrive position of "
                  + tp
                  + " ("
                  + size
                  + " characters, Kafka keeps "
                  + RedrivePosition.MAX_METADATA_CHARS
                  + "): select fewer keys, or redrive what earlier narrow selections left first");
        }
        runs.put(tp, new PartitionRun(tp, initial, selection, start, end));
      }
    }

    private void readToEnd(List<TopicPartition> active) {
      while (!active.isEmpty()) {
        if (stopRequested.getAsBoolean()) {
          summary.stoppedEarly();
          return;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (TopicPartition tp : records.partitions()) {
          PartitionRun run = runs.get(tp);
          for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
            if (r.offset() >= run.end) {
              break;
            }
            handle(run, r);
            run.position = r.offset() + 1;
            if (transactionSince >= 0
                && System.nanoTime() - transactionSince > COMMIT_EVERY_NANOS) {
              commit();
            }
            if (stopRequested.getAsBoolean()) {
              summary.stoppedEarly();
              return;
            }
          }
        }
        List<TopicPartition> done = new ArrayList<>();
        for (TopicPartition tp : active) {
          PartitionRun run = runs.get(tp);
          // Past transaction markers and aborted records, which no poll returns.
          run.position = Math.max(run.position, Math.min(consumer.position(tp), run.end));
          if (run.position >= run.end) {
            done.add(tp);
          }
        }
        commit();
        consumer.pause(done);
        active.removeAll(done);
        progress.at(runs.values().stream().mapToLong(r -> r.position - r.start).sum());
      }
    }

    private void handle(PartitionRun run, ConsumerRecord<byte[], byte[]> r) {
      if (run.initial.handled(r)) {
        summary.addAlreadyHandled();
        return;
      }
      String source = DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.TOPIC);
      switch (run.selection.classify(r)) {
        case SKIPPED -> {
          summary.addSkipped(r, source == null ? "(none)" : source);
          run.unhandled(r.offset());
        }
        case NO_SOURCE_TOPIC -> {
          summary.addNoSourceTopic(r);
          run.unhandled(r.offset());
        }
        case SELECTED -> {
          String target = request.to() != null ? request.to() : source;
          int redrives = redrivesOf(r);
          if (redrives >= request.maxRedrives()) {
            summary.addRefused(r, target, redrives);
          } else {
            if (producer != null) {
              send(r, target, redrives + 1);
            }
            summary.addSent(r, target);
          }
        }
      }
    }

    private void send(ConsumerRecord<byte[], byte[]> r, String target, int redrives) {
      if (checkedTargets.add(target)) {
        try {
          producer.partitionsFor(target);
        } catch (TimeoutException e) {
          throw new TopicSetupException(
              "Cannot send dead letters back to topic '"
                  + target
                  + "': the cluster has no such topic (no metadata for it within max.block.ms)."
                  + " Create it, or send them elsewhere with --to",
              e);
        }
      }
      begin();
      pacer.awaitStep(sends++);
      RecordHeaders headers = new RecordHeaders();
      for (Header h : r.headers()) {
        if (!DeadLetterHeaders.isErrorHeader(h.key())
            && !h.key().equals(DeadLetterHeaders.REDRIVES)) {
          headers.add(h);
        }
      }
      headers.add(
          DeadLetterHeaders.REDRIVES, Integer.toString(redrives).getBytes(StandardCharsets.UTF_8));
      producer.send(
          new ProducerRecord<>(target, null, r.timestamp(), r.key(), r.value(), headers),
          (metadata, e) -> {
            if (e != null) {
              sendFailure.compareAndSet(null, e);
            }
          });
    }

    private void begin() {
      if (transactionSince < 0) {
        producer.beginTransaction();
        transactionSince = System.nanoTime();
      }
    }

    /** Commits the sends so far with the positions they reach; a dry run commits nothing. */
    private void commit() {
      if (producer == null) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      Map<PartitionRun, RedrivePosition> moved = new HashMap<>();
      for (PartitionRun run : runs.values()) {
        RedrivePosition now = run.current();
        if (!now.equals(run.committed)) {
          offsets.put(run.partition, now.toOffsetAndMetadata());
          moved.put(run, now);
        }
      }
      if (offsets.isEmpty() && transactionSince < 0) {
        return;
      }
      begin();
      if (!offsets.isEmpty()) {
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      }
      try {
        producer.commitTransaction();
      } catch (KafkaException e) {
        Exception failed = sendFailure.get();
        if (failed instanceof KafkaException k && failed != e) {
          k.addSuppressed(e);
          throw k;
        }
        throw e;
      }
      transactionSince = -1;
      moved.forEach((run, position) -> run.committed = position);
    }

    /** Aborts the open transaction, if any; the failure that led here is the one reported. */
    private void abort(RuntimeException cause) {
      if (producer == null || transactionSince < 0) {
        return;
      }
      try {
        producer.abortTransaction();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }

    private RuntimeException fencedOr(RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
          return new Failure(
              "Another redrive with transactional id '"
                  + request.transactionalId()
                  + "' started and fenced this one. What this one committed stays; the other goes"
                  + " on from there",
              e);
        }
      }
      return e;
    }
  }

  /** How often a dead letter's record was redriven already: 0 when it never was. */
  static int redrivesOf(ConsumerRecord<byte[], byte[]> r) {
    String text = DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REDRIVES);
    if (text == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      // Not written by a redrive (those write a number): the record was never redriven.
      return 0;
    }
  }
}
