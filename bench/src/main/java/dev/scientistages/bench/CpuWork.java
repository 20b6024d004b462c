package dev.scientistages.bench;

/**
 * A fixed amount of pure computation per record (no I/O, no allocation, no shared state), the
 * stand-in for a heavy {@code process_item}. The number of steps for the wanted microseconds is
 * measured once, on a warm loop, when the instance is made.
 */
final class CpuWork {
  private final long steps;

  private CpuWork(long steps) {
    this.steps = steps;
  }

  /** Work that takes about {@code micros} microseconds of one core per call. */
  static CpuWork calibrated(double micros) {
    if (micros <= 0) {
      return new CpuWork(0);
    }
    long probe = 200_000;
    long seed = 1;
    for (int i = 0; i < 20; i++) {
      seed = mix(seed, probe); // warm the loop up so that the JIT has compiled it
    }
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      long t0 = System.nanoTime();
      seed = mix(seed, probe);
      best = Math.min(best, System.nanoTime() - t0);
    }
    if (seed == 0) {
      throw new IllegalStateException("unreachable: keeps the calibration loop alive");
    }
    double stepsPerMicro = probe * 1_000.0 / Math.max(1, best);
    return new CpuWork(Math.max(1, Math.round(micros * stepsPerMicro)));
  }

  /** Runs the work on a value of the record, so that nothing can be computed ahead. */
  void run(String input) {
    if (steps > 0 && mix(input.hashCode(), steps) == 0) {
      // The result is checked so that the compiler cannot drop the loop; a zero is vanishingly
      // rare and harmless.
      Thread.onSpinWait();
    }
  }

  long steps() {
    return steps;
  }

  /** xorshift64: a serial chain of cheap integer steps, one core's worth of work. */
  private static long mix(long seed, long steps) {
    long x = seed | 1;
    for (long i = 0; i < steps; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }
}
