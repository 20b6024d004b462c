package dev.scientistages.bench;

import java.io.PrintWriter;

/**
 * The bench's running account on standard error: a line for each step, and one for each run's
 * result as soon as it is in (the table comes at the end).
 */
final class BenchLog {
  private final PrintWriter err;

  BenchLog(PrintWriter err) {
    this.err = err;
  }

  void note(String format, Object... args) {
    err.printf(format + "%n", args);
    err.flush();
  }

  /** One run's label, throughput, seconds and output check, and why it failed if it did. */
  void result(BenchResult r) {
    String check =
        r.whole()
            ? "all " + r.records() + " in the output"
            : "LOST " + (r.records() - r.distinct()) + " of " + r.records() + " record(s)";
    if (r.outputs() > r.distinct()) {
      check += ", " + (r.outputs() - r.distinct()) + " duplicate(s)";
    }
    note(
        "%-12s %10.0f records/s  %6.1f s  %s%s",
        r.label(),
        r.recordsPerSecond(),
        r.seconds(),
        check,
        r.failure() == null ? "" : "; FAILED: " + r.failure());
  }
}
