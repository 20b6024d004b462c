package dev.scientistages.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The process's CPU time sampled against the wall clock while a run goes on, so that the CPU it
 * spent can be read between two instants known only afterwards: its output's first and last append
 * times.
 */
final class CpuSamples {
  private final List<long[]> samples = new ArrayList<>();

  /** Takes a sample now. */
  void sample() {
    add(System.currentTimeMillis(), CpuClock.processNanos());
  }

  void add(long millis, long cpuNanos) {
    samples.add(new long[] {millis, cpuNanos});
  }

  int size() {
    return samples.size();
  }

  /** The CPU time between two wall-clock instants, each interpolated between its samples. */
  long between(long fromMillis, long toMillis) {
    return at(toMillis) - at(fromMillis);
  }

  /** The CPU time from the first sample to the last. */
  long whole() {
    return samples.get(samples.size() - 1)[1] - samples.get(0)[1];
  }

  /** The process CPU time at a wall-clock instant, interpolated between two samples. */
  long at(long millis) {
    long[] before = samples.get(0);
    for (long[] sample : samples) {
      if (sample[0] >= millis) {
        if (sample[0] == before[0]) {
          return sample[1];
        }
        double f = (double) (millis - before[0]) / (sample[0] - before[0]);
        return before[1] + Math.round(f * (sample[1] - before[1]));
      }
      before = sample;
    }
    return before[1];
  }
}
