package dev.scientistages.bench;

import dev.scientistages.config.Settings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The benchmark: preloads the input, warms up, then runs P, B1, B2, A, C and L one after another on
 * the same cluster, each into a fresh output topic, and checks every run's output. This class holds
 * their order; each kind of run is a class of its own.
 */
public final class Bench {
  private final BenchPlan plan;
  private final Settings settings;
  private final String bootstrap;
  private final BenchLog log;

  public Bench(BenchPlan plan, Settings settings, String bootstrap, PrintWriter err) {
    this.plan = plan;
    this.settings = settings;
    this.bootstrap = bootstrap;
    this.log = new BenchLog(err);
  }

  /** Runs the plan; the results in the order they ran. */
  public List<BenchResult> run() {
    List<BenchResult> results = new ArrayList<>();
    try (RunContext ctx = RunContext.open(plan, settings, bootstrap, log)) {
      BenchInput input = BenchInput.preload(ctx);
      ProducerRun producer = new ProducerRun(ctx);
      DrainRun drains = new DrainRun(ctx, input);
      if (plan.warmupRounds() > 0) {
        new WarmUp(ctx, producer, drains).run();
      }
      if (plan.runs(RunKind.P)) {
        results.add(best(producer::run));
        producer.free();
      }
      for (String g : plan.guarantees()) {
        for (int threads : plan.threads()) {
          if (plan.runs(RunKind.B1)) {
            results.add(best(suffix -> drains.run(RunKind.B1, g, threads, suffix)));
          }
          if (plan.runs(RunKind.A)) {
            results.add(best(suffix -> drains.run(RunKind.A, g, threads, suffix)));
          }
        }
        if (plan.runs(RunKind.B2)) {
          results.add(best(suffix -> drains.run(RunKind.B2, g, plan.maxThreads(), suffix)));
        }
      }
      if (plan.runs(RunKind.C)) {
        for (int threads : plan.threads()) {
          results.add(
              best(suffix -> drains.run(RunKind.C, StreamsConfig.AT_LEAST_ONCE, threads, suffix)));
        }
      }
      if (plan.runs(RunKind.L)) {
        LatencyRun latency = new LatencyRun(ctx, input);
        for (String g : plan.guarantees()) {
          results.add(latency.run(g, plan.maxThreads(), offeredRate(g, results)));
        }
      }
    }
    return results;
  }

  /**
   * The fastest of {@code --repeat} runs: on a shared machine a run is only ever slowed down by
   * others, never sped up. A run that lost records or failed is returned at once.
   *
   * @param attempt one run into fresh topics whose names end in the suffix it is given
   */
  private BenchResult best(Function<String, BenchResult> attempt) {
    BenchResult best = null;
    for (int n = 1; n <= plan.repeat(); n++) {
      BenchResult r = attempt.apply(plan.repeat() > 1 ? "-" + n : "");
      if (!r.ok()) {
        return r;
      }
      if (best == null || r.recordsPerSecond() > best.recordsPerSecond()) {
        best = r;
      }
    }
    return best;
  }

  /** L's rate: {@code --latency-rate}, or half of A's throughput under the same guarantee. */
  private double offeredRate(String guarantee, List<BenchResult> results) {
    if (plan.latencyRate() != null) {
      return plan.latencyRate();
    }
    OptionalDouble a =
        results.stream()
            .filter(
                r ->
                    r.run() == RunKind.A
                        && r.guarantee().equals(guarantee)
                        && r.threads() == plan.maxThreads())
            .mapToDouble(BenchResult::recordsPerSecond)
            .findFirst();
    if (a.isEmpty()) {
      throw new IllegalArgumentException(
          "L needs --latency-rate when A is not run at " + plan.maxThreads() + " thread(s)");
    }
    return a.getAsDouble() / 2;
  }
}
