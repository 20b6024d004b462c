package dev.scientistages.ops;

import dev.scientistages.errors.Reason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this process has done with records, for {@code /metrics}: records read from the input topic,
 * mapped to the output topic, and dead-lettered by reason. At rest, {@code read = mapped +
 * dead-lettered}: the conservation figure.
 *
 * <p>Counts are per process (all stream threads and all clients in it) and count attempts: under
 * exactly-once, a transaction that aborts (a rebalance, a crash of a peer) is processed again and
 * counted again, while the committed output holds it once.
 */
public final class RecordCounts {
  private static final LongAdder READ = new LongAdder();
  private static final LongAdder MAPPED = new LongAdder();
  private static final Map<Reason, LongAdder> DEAD_LETTERED = new EnumMap<>(Reason.class);

  static {
    for (Reason reason : Reason.values()) {
      DEAD_LETTERED.put(reason, new LongAdder());
    }
  }

  private RecordCounts() {}

  public static void read() {
    READ.increment();
  }

  public static void mapped() {
    MAPPED.increment();
  }

  public static void deadLettered(Reason reason) {
    DEAD_LETTERED.get(reason).increment();
  }

  public static long readCount() {
    return READ.sum();
  }

  public static long mappedCount() {
    return MAPPED.sum();
  }

  public static long deadLetteredCount(Reason reason) {
    return DEAD_LETTERED.get(reason).sum();
  }

  public static long deadLetteredCount() {
    return DEAD_LETTERED.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Records read but neither mapped nor dead-lettered (yet): 0 when the stream is idle. */
  public static long unaccounted() {
    return readCount() - mappedCount() - deadLetteredCount();
  }
}
