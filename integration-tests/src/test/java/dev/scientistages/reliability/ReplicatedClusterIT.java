package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.support.Slow;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The processor on a replicated cluster as production runs one, with no fault: three KRaft nodes
 * (broker and controller each), topics with three replicas and {@code min.insync.replicas=2}, two
 * instances under exactly_once_v2, every node and instance a network host of its own. Every record
 * is verified by content, and a healthy start logs next to no warnings: the transactions v2 retries
 * of decision 0009 stay out of the log on three nodes too.
 *
 * <p>Needs root for the namespaces: skipped without, except in CI, where it fails.
 */
@Slow
@Tag("faults")
class ReplicatedClusterIT extends ClusterSuite {

  @Test
  void shouldMapEveryRecordExactlyOnceAndLogNextToNothingOnAHealthyCluster() {
    FaultReport report =
        FaultRun.run(harness, "cluster-smoke", "exactly_once_v2", FaultRun.Fault.none());
    assertThat(report.stallMillis()).as(report.toString()).isLessThan(BOUND);
    for (ProcessorLogs log : report.logs()) {
      assertThat(log.count("CONCURRENT_TRANSACTIONS")).as(log.toString()).isZero();
      assertThat(log.count("OUT_OF_ORDER_SEQUENCE_NUMBER")).as(log.toString()).isZero();
      assertThat(log.warnings().size()).as(log.toString()).isLessThanOrEqualTo(5);
      // A thread fenced when the machine starves it past transaction.timeout.ms logs one ERROR.
      assertThat(log.errors().size()).as(log.toString()).isLessThanOrEqualTo(5);
    }
  }
}
