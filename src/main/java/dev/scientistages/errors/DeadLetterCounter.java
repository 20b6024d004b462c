package dev.scientistages.errors;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Records dead-lettered in this JVM, by reason. */
public final class DeadLetterCounter {
  private static final Map<Reason, LongAdder> COUNTS = new EnumMap<>(Reason.class);

  static {
    for (Reason reason : Reason.values()) {
      COUNTS.put(reason, new LongAdder());
    }
  }

  private DeadLetterCounter() {}

  static void increment(Reason reason) {
    COUNTS.get(reason).increment();
  }

  public static long count(Reason reason) {
    return COUNTS.get(reason).sum();
  }

  public static long total() {
    return COUNTS.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
