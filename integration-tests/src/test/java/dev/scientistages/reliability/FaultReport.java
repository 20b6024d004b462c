package dev.scientistages.reliability;

import dev.scientistages.support.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one fault case measured: the longest stall before the fault and from a second before it on,
 * the time back to full speed after it ({@link Stalls#backToFullSpeed}; -1 for a fault that lasts
 * the whole run), the median delay, each instance's WARN and ERROR lines, and the verification.
 */
record FaultReport(
    String fault,
    String guarantee,
    long records,
    List<String> notes,
    long steadyMillis,
    long stallMillis,
    long backToFullSpeedMillis,
    long p50Millis,
    List<ProcessorLogs> logs,
    Verification verification,
    Duration duration) {

  ProcessorLogs log(int slot) {
    return logs.get(slot);
  }

  /** The most WARN lines any one instance logged. */
  int maxWarnings() {
    return logs.stream().mapToInt(l -> l.warnings().size()).max().orElse(0);
  }

  /** The row of the table in docs/reliability.md. */
  String row() {
    return String.format(
        "| %s | %s | %,d | %.1f s | %s | %s | %s | %d, %d, %d, %d | %d s |",
        fault,
        guarantee,
        records,
        stallMillis / 1000.0,
        backToFullSpeedMillis < 0
            ? "(whole run)"
            : String.format("%.1f s", backToFullSpeedMillis / 1000.0),
        logs.stream()
            .map(l -> Integer.toString(l.warnings().size()))
            .collect(Collectors.joining(", ")),
        logs.stream()
            .map(l -> Integer.toString(l.errors().size()))
            .collect(Collectors.joining(", ")),
        verification.lost(),
        verification.duplicated(),
        verification.outOfOrder(),
        verification.openTransactions().size(),
        duration.toSeconds());
  }

  @Override
  public String toString() {
    return String.format(
        "%s (%s): %d records at %d/s; %s; longest stall before the fault %d ms, from a second"
            + " before it on %d ms; back to full speed %d ms after its end; p50 %d ms; %s; %s",
        fault,
        guarantee,
        records,
        FaultRun.RATE,
        String.join("; ", notes),
        steadyMillis,
        stallMillis,
        backToFullSpeedMillis,
        p50Millis,
        logs,
        verification);
  }

  /** A time-stamped progress line on standard output. */
  static void log(String format, Object... args) {
    System.out.println(Instant.now() + " " + String.format(format, args));
  }
}
