package dev.scientistages.bench;

import dev.scientistages.io.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a run's output topic back, read_committed, and counts both its records and the distinct
 * inputs they stand for (by key: the n-th generated scientist is keyed {@code Scientist
 * 00000000n}), so that a lost record shows even when another was written twice.
 */
final class OutputCheck {
  private static final Duration STALL = Duration.ofSeconds(60);

  /**
   * Records read and distinct generated inputs among them; the first and last record timestamps (on
   * a topic with {@code LogAppendTime}: when the broker appended them).
   */
  record Count(long records, long distinct, long firstTimestamp, long lastTimestamp) {}

  private final BitSet seen = new BitSet();
  private long records;
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;

  /** Marks one output record. */
  void add(byte[] key, long timestamp) {
    records++;
    first = Math.min(first, timestamp);
    last = Math.max(last, timestamp);
    int index = indexOf(key);
    if (index >= 0) {
      seen.set(index);
    }
  }

  Count count() {
    return new Count(records, seen.cardinality(), first, last);
  }

  /** Reads the whole topic as it stands now (the run that wrote it has stopped). */
  static Count of(Properties consumerProperties, String topic) {
    OutputCheck check = new OutputCheck();
    try (TopicReader reader = new TopicReader(consumerProperties, topic, true)) {
      long lastProgress = System.nanoTime();
      while (true) {
        var batch = reader.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          check.add(r.key(), r.timestamp());
        }
        if (!batch.isEmpty()) {
          lastProgress = System.nanoTime();
        } else if (reader.caughtUp()) {
          return check.count();
        } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
          throw new IllegalStateException("no progress reading " + topic + " for " + STALL);
        }
      }
    }
  }

  /** The n of a key {@code Scientist 00000000n}, or -1. */
  static int indexOf(byte[] key) {
    if (key == null || key.length < 9) {
      return -1;
    }
    String s = new String(key, key.length - 9, 9, StandardCharsets.US_ASCII);
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
