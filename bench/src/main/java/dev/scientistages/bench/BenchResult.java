package dev.scientistages.bench;

/**
 * One run of the benchmark: what drained how fast, at what CPU cost, and whether its output was
 * whole.
 *
 * @param run P, B1, B2, A, C or L
 * @param guarantee {@code at_least_once} or {@code exactly_once_v2}
 * @param threads consumer/stream threads of the processor
 * @param records input records the run had to carry over
 * @param outputs output records read back (read_committed)
 * @param distinct distinct inputs among them: {@code distinct == records} means nothing was lost
 * @param seconds wall time from "ready" to "all input committed"
 * @param recordsPerSecond {@code records / seconds}
 * @param megabytesPerSecond input key and value bytes per second, in 10^6 bytes
 * @param cpuSecondsPerMillion CPU time of the whole JVM per million records (with an embedded
 *     broker this includes the broker)
 * @param clientCpuSecondsPerMillion CPU time of this run's own client threads per million records
 * @param jitSeconds time the JIT compiler spent compiling during the run: near 0 on a warm JVM
 * @param latency end-to-end latency, for L runs only
 * @param failure why the run failed (its job stopped, it stalled), or null
 */
public record BenchResult(
    RunKind run,
    String guarantee,
    int threads,
    long records,
    long outputs,
    long distinct,
    double seconds,
    double recordsPerSecond,
    double megabytesPerSecond,
    double cpuSecondsPerMillion,
    double clientCpuSecondsPerMillion,
    double jitSeconds,
    Latency latency,
    String failure) {

  /**
   * End-to-end latency: the time the output record is read (read_committed) minus the input
   * record's timestamp, in milliseconds.
   *
   * @param offeredRate records per second the producer was paced to
   * @param measured records counted in the percentiles (those after the warm-up)
   */
  public record Latency(
      double offeredRate, long measured, double p50, double p99, double p999, double max) {}

  /**
   * What a run took, from which its per-second and per-million figures follow: the seconds it is
   * measured over, the CPU time of the whole JVM and of the run's own clients, the JIT's time.
   */
  record Cost(double seconds, long cpuNanos, long clientCpuNanos, long jitMillis) {}

  /**
   * A run's figures: throughput over {@code cost.seconds()}, CPU per million of {@code records}.
   *
   * @param bytes key and value bytes of those records
   * @param count what the output check read back
   */
  static BenchResult of(
      RunKind run,
      String guarantee,
      int threads,
      long records,
      double bytes,
      OutputCheck.Count count,
      Cost cost,
      Latency latency,
      String failure) {
    double perMillion = 1e6 / Math.max(1, records) / 1e9;
    return new BenchResult(
        run,
        guarantee,
        threads,
        records,
        count.records(),
        count.distinct(),
        cost.seconds(),
        records / cost.seconds(),
        bytes / cost.seconds() / 1e6,
        cost.cpuNanos() * perMillion,
        cost.clientCpuNanos() * perMillion,
        cost.jitMillis() / 1e3,
        latency,
        failure);
  }

  /** True when every input record reached the output. */
  public boolean whole() {
    return distinct == records;
  }

  /** True when the run finished on its own and lost nothing. */
  public boolean ok() {
    return whole() && failure == null;
  }

  /** Short name for tables and logs, e.g. {@code A eos t2}. */
  public String label() {
    return run + " " + shortGuarantee(guarantee) + " t" + threads;
  }

  static String shortGuarantee(String guarantee) {
    return guarantee.startsWith("exactly") ? "eos" : "alos";
  }
}
