package dev.scientistages.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A {@code read_committed} reader of an output topic that times each record: when it first became
 * visible here, less its timestamp (the input's, which the processor keeps). Its longest delay is
 * the longest wait a user of the output saw; a duplicate (at least once, after a crash) is not a
 * wait, so only the first copy of a record counts.
 */
public final class VisibilityWatch implements AutoCloseable {
  /** One output record: its timestamp and how long after it the record became visible. */
  public record Sample(long timestamp, long delayMillis) {}

  private static final Map<String, String> NOTICE_A_LOST_NODE =
      Map.of(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Instruments.REQUEST_TIMEOUT_MS);

  private final List<Sample> samples = new ArrayList<>();
  private final Set<String> seenRecords = new HashSet<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;

  private VisibilityWatch(String bootstrap, String topic) {
    thread =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> consumer =
                  CommittedRecords.consumer(
                      bootstrap, CommittedRecords.READ_COMMITTED, NOTICE_A_LOST_NODE)) {
                CommittedRecords.assignFromBeginning(consumer, topic);
                while (!stop.get()) {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    String id =
                        new String(r.key(), StandardCharsets.UTF_8)
                            + '\n'
                            + new String(r.value(), StandardCharsets.UTF_8);
                    synchronized (samples) {
                      if (seenRecords.add(id)) {
                        samples.add(new Sample(r.timestamp(), Math.max(0, now - r.timestamp())));
                      }
                    }
                  }
                }
              } catch (RuntimeException e) {
                failure.set(e);
              }
            },
            "visibility-watch");
    thread.setDaemon(true);
  }

  public static VisibilityWatch start(String bootstrap, String topic) {
    VisibilityWatch watch = new VisibilityWatch(bootstrap, topic);
    watch.thread.start();
    return watch;
  }

  /** Distinct records seen so far; fails if the reader failed. */
  public int seen() {
    if (failure.get() != null) {
      throw new AssertionError("the output reader failed", failure.get());
    }
    synchronized (samples) {
      return samples.size();
    }
  }

  /** Every sample so far. */
  public List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** The longest delay of the records timestamped from {@code fromMillis} on. */
  public long maxDelayFrom(long fromMillis) {
    return samples().stream()
        .filter(s -> s.timestamp() >= fromMillis)
        .mapToLong(Sample::delayMillis)
        .max()
        .orElse(0);
  }

  /** The delay below which {@code fraction} of all records became visible. */
  public long percentile(double fraction) {
    long[] delays = samples().stream().mapToLong(Sample::delayMillis).sorted().toArray();
    if (delays.length == 0) {
      return 0;
    }
    return delays[(int) Math.min(delays.length - 1, Math.floor(fraction * delays.length))];
  }

  @Override
  public void close() {
    stop.set(true);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
