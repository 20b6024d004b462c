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
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The state of one run of a {@link Redrive}: where it starts and ends in each partition of the
 * dead-letter topic, what it has read, sent and committed.
 */
final class RedriveRun {
  private static final Duration POLL = Duration.ofMillis(200);

  /** Well inside the transaction timeout (5 s by default here), and few enough commits. */
  private static final long COMMIT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private final Redrive.Request request;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Redrive.Progress progress;
  private final BooleanSupplier stopRequested;
  private final RedriveSummary summary;
  private final Pacer pacer;
  private final Map<TopicPartition, PartitionRun> runs = new LinkedHashMap<>();
  private final Set<String> checkedTargets = new HashSet<>();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private long transactionSince = -1;
  private long sends;

  RedriveRun(
      Redrive.Request request,
      KafkaConsumer<byte[], byte[]> consumer,
      KafkaProducer<byte[], byte[]> producer,
      Redrive.Progress progress,
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
    runs.putAll(PartitionRun.plan(consumer, request));
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
          if (transactionSince >= 0 && System.nanoTime() - transactionSince > COMMIT_EVERY_NANOS) {
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
        return new Redrive.Failure(
            "Another redrive with transactional id '"
                + request.transactionalId()
                + "' started and fenced this one. What this one committed stays; the other goes"
                + " on from there",
            e);
      }
    }
    return e;
  }

  /** How often a dead letter's record was redriven already: 0 when it never was. */
  static int redrivesOf(ConsumerRecord<byte[], byte[]> r) {
    return DeadLetterHeaders.redrives(r.headers());
  }
}
