package dev.scientistages.reliability;

import dev.scientistages.support.VisibilityWatch;
import java.util.List;

/**
 * What a fault did to the output, from a {@link VisibilityWatch}'s samples (each record's input
 * timestamp and when it became visible to a read_committed reader).
 */
final class Stalls {
  private static final long STEP = 100;

  private Stalls() {}

  /** The longest delay, input timestamp to visible output, of the records sent in [from, until). */
  static long longest(List<VisibilityWatch.Sample> samples, long fromMillis, long untilMillis) {
    return samples.stream()
        .filter(s -> s.timestamp() >= fromMillis && s.timestamp() < untilMillis)
        .mapToLong(VisibilityWatch.Sample::delayMillis)
        .max()
        .orElse(0);
  }

  /**
   * Back to full speed: how long after {@code endMillis} (the fault's end) the backlog, the records
   * sent but not yet visible, first fell back to its largest size over the steady phase before
   * {@code faultMillis} (at least one second of input): from then on the output has caught up with
   * the input and runs at its rate. Measured in steps of 100 ms; 0 when the backlog never grew past
   * it.
   */
  static long backToFullSpeed(
      List<VisibilityWatch.Sample> samples,
      long startMillis,
      long faultMillis,
      long endMillis,
      int ratePerSecond) {
    long steady = ratePerSecond;
    for (long t = startMillis; t < faultMillis - 1_000; t += STEP) {
      steady = Math.max(steady, backlog(samples, t));
    }
    long last =
        samples.stream().mapToLong(s -> s.timestamp() + s.delayMillis()).max().orElse(endMillis);
    for (long t = endMillis; t <= last; t += STEP) {
      if (backlog(samples, t) <= steady) {
        return t - endMillis;
      }
    }
    return Math.max(0, last - endMillis);
  }

  /** Records sent by {@code t} (their timestamp) and not yet visible at {@code t}. */
  private static long backlog(List<VisibilityWatch.Sample> samples, long t) {
    long n = 0;
    for (VisibilityWatch.Sample s : samples) {
      if (s.timestamp() <= t && s.timestamp() + s.delayMillis() > t) {
        n++;
      }
    }
    return n;
  }
}
