package dev.scientistages.io;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces a send loop at a fixed rate: step {@code n} is due {@code n / rate} seconds after the
 * start, so a late step does not push the ones after it back (the offered load stays the rate).
 */
public final class Pacer {
  private final long start = System.nanoTime();
  private final double intervalNanos;

  private Pacer(double perSecond) {
    this.intervalNanos = perSecond > 0 ? 1e9 / perSecond : 0;
  }

  /** A pacer at {@code perSecond} steps a second; 0 or less: no pacing at all. */
  public static Pacer of(double perSecond) {
    return new Pacer(perSecond);
  }

  /** Waits until step {@code n} (from 0) is due. */
  public void awaitStep(long n) {
    if (intervalNanos == 0) {
      return;
    }
    long wait = start + (long) (n * intervalNanos) - System.nanoTime();
    if (wait > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
