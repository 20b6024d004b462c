package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fault suites share: one {@link ClusterHarness} per class, started before its first case
 * and closed after its last, and the bounds every fault is held to.
 */
abstract class ClusterSuite {
  /**
   * The longest stall and the longest time back to full speed a fault may cause, loose for a 2-core
   * machine.
   */
  static final long BOUND = 90_000;

  /** WARN lines one instance may log in a case: one line per event, not a storm. */
  static final int WARNINGS = 50;

  // Kept when a test fails: every node's and every instance's output is there.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  static ClusterHarness harness;

  @BeforeAll
  static void startCluster() {
    harness = ClusterHarness.start(dir);
  }

  @AfterAll
  static void stopCluster() {
    if (harness != null) {
      harness.close();
      harness = null;
    }
  }

  static void assertBounded(FaultReport report) {
    assertThat(report.stallMillis()).as(report.toString()).isLessThan(BOUND);
    assertThat(report.backToFullSpeedMillis()).as(report.toString()).isLessThan(BOUND);
    assertThat(report.maxWarnings()).as(report.toString()).isLessThanOrEqualTo(WARNINGS);
  }
}
