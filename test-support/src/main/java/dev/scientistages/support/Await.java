package dev.scientistages.support;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/** Polling for a condition with a deadline: the tests' one way of waiting. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Waits until the broker that answers {@code admin} lists every topic. A creation completes when
   * the controller has committed it; the broker applies that record a moment later, and until then
   * it answers as if the topic did not exist.
   */
  public static void topicsListed(Admin admin, List<String> topics) {
    until(
        "topics " + topics + " in the broker's metadata",
        Duration.ofSeconds(30),
        () -> {
          try {
            return admin.listTopics().names().get().containsAll(topics);
          } catch (Exception e) {
            throw new AssertionError("listing topics failed", e);
          }
        });
  }
}
