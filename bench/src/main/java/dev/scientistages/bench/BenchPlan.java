package dev.scientistages.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What one {@code bench} invocation runs.
 *
 * @param records generated scientists preloaded into the input topic
 * @param partitions partitions of the input and of every output topic
 * @param threads thread counts to run A, B1 and C at (B2 and L run at the largest)
 * @param guarantees processing guarantees to run B1, B2, A and L under (C runs at least once)
 * @param runs which of P, B1, B2, A, C, L to run
 * @param repeat how many times to run each of P, B1, B2, A and C; the fastest counts
 * @param workMicros C's computation per record, in microseconds of one core
 * @param latencySeconds how long L offers load
 * @param latencyRate L's offered rate in records per second; null = half of A's throughput
 * @param seed seed of the generated scientists
 * @param warmupRounds at most how many rounds of unmeasured drains to run, until the JIT is quiet,
 *     before the measured runs; 0 for none
 * @param progress whether to show progress bars
 * @param outputDir where the JSON results and the chart go
 */
public record BenchPlan(
    long records,
    int partitions,
    List<Integer> threads,
    List<String> guarantees,
    Set<RunKind> runs,
    int repeat,
    double workMicros,
    int latencySeconds,
    Double latencyRate,
    long seed,
    int warmupRounds,
    boolean progress,
    Path outputDir) {

  public int maxThreads() {
    return threads.stream().mapToInt(Integer::intValue).max().orElse(1);
  }

  boolean runs(RunKind run) {
    return runs.contains(run);
  }
}
