package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the fault suites share: one {@link ClusterHarness} for all of them ({@link SharedCluster}),
 * and the bounds every fault is held to.
 */
@ExtendWith(SharedCluster.class)
abstract class ClusterSuite {
  /**
   * The longest stall and the longest time back to full speed a fault may cause, loose for a 2-core
   * machine.
   */
  static final long BOUND = 90_000;

  /** WARN lines one instance may log in a case: one line per event, not a storm. */
  static final int WARNINGS = 50;

  static ClusterHarness harness;

  static void assertBounded(FaultReport report) {
    assertThat(report.stallMillis()).as(report.toString()).isLessThan(BOUND);
    assertThat(report.backToFullSpeedMillis()).as(report.toString()).isLessThan(BOUND);
    assertThat(report.maxWarnings()).as(report.toString()).isLessThanOrEqualTo(WARNINGS);
  }
}
