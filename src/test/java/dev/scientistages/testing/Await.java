package dev.scientistages.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition, within a bound: tests wait for what they need, never blindly. */
public final class Await {
  private Await() {}

  /** Polls the condition until it holds; fails the test when the timeout passes first. */
  public static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
