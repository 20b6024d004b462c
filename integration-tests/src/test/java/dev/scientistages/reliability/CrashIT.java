package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.support.Slow;
import dev.scientistages.support.Verification;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processor instances killed with SIGKILL (and some stopped cleanly) and restarted while input
 * keeps coming; then every record is checked by content. Small by default; sizes from system
 * properties for a large run (see {@link CrashRun.Plan#fromSystemProperties}).
 */
@Slow
class CrashIT {
  // Kept when a test fails: the processors' and the broker's output are there.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void shouldLoseNothingAndDuplicateNothingUnderExactlyOnceThroughKills() {
    CrashRun.Report report =
        CrashRun.run(CrashRun.Plan.fromSystemProperties("exactly_once_v2", 20_000, 3, 1, 45), dir);
    Verification v = report.verification();

    assertThat(report.kills()).isEqualTo(report.plan().kills());
    assertThat(report.restarts()).isEqualTo(report.plan().kills() + report.plan().cleanStops());
    assertThat(v.inputs()).isEqualTo(report.plan().records());
    assertThat(v.samples()).as(report.toString()).isEmpty();
    assertThat(v.exactlyOnce()).as(report.toString()).isTrue();
    assertThat(v.outputs()).isEqualTo(report.plan().records());
    assertThat(v.deadLetters()).isZero();
  }

  @Test
  void shouldLoseNothingUnderAtLeastOnceThroughKillsAndCountDuplicates() {
    CrashRun.Report report =
        CrashRun.run(CrashRun.Plan.fromSystemProperties("at_least_once", 10_000, 2, 0, 25), dir);
    Verification v = report.verification();

    assertThat(report.kills()).isEqualTo(report.plan().kills());
    assertThat(v.inputs()).isEqualTo(report.plan().records());
    assertThat(v.atLeastOnce()).as(report.toString()).isTrue();
    assertThat(v.lost()).isZero();
    // Each duplicate is a replay of an output whose input offset was not committed yet.
    assertThat(v.outputs()).isEqualTo(report.plan().records() + v.duplicated());
    System.out.println("at_least_once duplicates: " + v.duplicated());
  }
}
