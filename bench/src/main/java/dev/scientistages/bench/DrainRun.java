package dev.scientistages.bench;

import dev.scientistages.config.Settings;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * A measured drain of the whole input into a fresh output topic by B1, B2, A or C: the client runs
 * from its start until all input is committed, with the CPU sampled all along; then its output is
 * read back and counted, and the output's append times give the throughput.
 */
final class DrainRun {
  private final RunContext ctx;
  private final BenchInput input;

  DrainRun(RunContext ctx, BenchInput input) {
    this.ctx = ctx;
    this.input = input;
  }

  /** One drain by {@code run} into a fresh topic, whose name ends in {@code suffix}. */
  BenchResult run(RunKind run, String guarantee, int threads, String suffix) {
    BenchPlan plan = ctx.plan();
    String runId =
        ctx.id()
            + "-"
            + run.name().toLowerCase()
            + "-"
            + BenchResult.shortGuarantee(guarantee)
            + "-t"
            + threads
            + suffix;
    String output = ctx.appendTimeOutput(runId);
    ctx.topics().own(runId);
    Settings s = ctx.runSettings(runId, guarantee, threads, input.topic(), output);
    StreamsConfig config = ctx.streamsConfig(s);
    List<TopicPartition> outputPartitions = ctx.topics().partitionsOf(output);
    boolean exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee);
    // Done when all input is committed: under exactly-once the group's offsets move only with
    // committed transactions; at least once, the output's records are all there once written.
    LongSupplier progress =
        exactlyOnce
            ? () -> ctx.topics().committedSum(runId)
            : () -> ctx.topics().endOffsetSum(outputPartitions);
    Job job = job(run, runId, threads, output, s, config);
    long clientCpu;
    long jit0;
    long jitMillis;
    double wallSeconds;
    CpuSamples cpuSamples = new CpuSamples();
    String failure = null;
    try (job;
        Progress bar =
            Progress.of(
                run + " " + BenchResult.shortGuarantee(guarantee) + " t" + threads,
                plan.records(),
                plan.progress())) {
      long started = System.nanoTime();
      jit0 = CpuClock.jitMillis();
      cpuSamples.sample();
      job.start();
      // No waiting for "ready": work may start before the client says it runs, and the CPU
      // samples must cover it. A job that never starts shows up as a stall.
      long last = 0;
      long lastChange = started;
      while (failure == null) {
        long done = progress.getAsLong();
        long now = System.nanoTime();
        cpuSamples.sample();
        bar.stepTo(done);
        if (done >= plan.records()) {
          break;
        }
        if (done != last) {
          last = done;
          lastChange = now;
        } else if (now - lastChange > RunContext.STALL_TIMEOUT.toNanos()) {
          failure = "no progress for " + RunContext.STALL_TIMEOUT.toSeconds() + " s at " + done;
        }
        failure = job.failure().orElse(failure);
        BenchTopics.sleep(20);
      }
      wallSeconds = (System.nanoTime() - started) / 1e9;
      clientCpu = CpuClock.threadNanos(runId);
      jitMillis = CpuClock.jitMillis() - jit0;
    }
    failure = failure != null ? failure : job.failure().orElse(null);
    OutputCheck.Count count = OutputCheck.of(s.consumerProperties(ctx.bootstrap()), output);
    double seconds = (count.lastTimestamp() - count.firstTimestamp()) / 1e3;
    long cpu;
    if (seconds >= 0.05 && cpuSamples.size() > 1) {
      cpu = cpuSamples.between(count.firstTimestamp(), count.lastTimestamp());
    } else {
      // Too short to measure from the output (a tiny run): the wall time of the whole run.
      seconds = wallSeconds;
      cpu = cpuSamples.whole();
    }
    ctx.log()
        .note(
            "  %s: output appended over %.2f s, %.2f s from start to all committed, JIT %.2f s",
            run,
            (count.lastTimestamp() - count.firstTimestamp()) / 1e3,
            wallSeconds,
            jitMillis / 1e3);
    BenchResult r =
        BenchResult.of(
            run,
            guarantee,
            threads,
            plan.records(),
            plan.records() * input.bytesPerRecord(),
            count,
            new BenchResult.Cost(seconds, cpu, clientCpu, jitMillis),
            null,
            failure);
    ctx.log().result(r);
    return r;
  }

  private Job job(
      RunKind run, String runId, int threads, String output, Settings s, StreamsConfig config) {
    return switch (run) {
      case B1 -> new CopyLoop(runId, threads, input.partitions(), output, config);
      case B2 -> new StreamsJob(BenchTopologies.identity(input.topic(), output, config), config);
      case A ->
          new StreamsJob(
              BenchTopologies.ages(input.topic(), output, s.referenceYear(), config), config);
      case C -> new StreamsJob(heavyTopology(output, config), config);
      default -> throw new IllegalArgumentException(run + " is not a drain");
    };
  }

  private Topology heavyTopology(String output, StreamsConfig config) {
    int year = Year.now(ZoneOffset.UTC).getValue();
    return BenchTopologies.heavy(
        input.topic(), output, year, CpuWork.calibrated(ctx.plan().workMicros()), config);
  }
}
