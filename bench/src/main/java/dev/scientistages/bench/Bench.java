package dev.scientistages.bench;

import dev.scientistages.config.Settings;
import dev.scientistages.io.LineProducer;
import dev.scientistages.io.Pacer;
import dev.scientistages.io.ScientistLines;
import dev.scientistages.io.TopicReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The benchmark: preloads the input, warms up, then runs B1, B2, A, C and L one after another on
 * the same cluster, each into a fresh output topic, and checks every run's output.
 */
public final class Bench {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final double QUIET_JIT_SHARE = 0.1;

  private final BenchPlan plan;
  private final Settings settings;
  private final String bootstrap;
  private final BenchLog log;
  private RunContext ctx;
  private BenchInput input;
  private ProducerRun producer;
  private DrainRun drains;

  public Bench(BenchPlan plan, Settings settings, String bootstrap, PrintWriter err) {
    this.plan = plan;
    this.settings = settings;
    this.bootstrap = bootstrap;
    this.log = new BenchLog(err);
  }

  /** Runs the plan; the results in the order they ran. */
  public List<BenchResult> run() {
    List<BenchResult> results = new ArrayList<>();
    try (RunContext c = RunContext.open(plan, settings, bootstrap, log)) {
      ctx = c;
      input = BenchInput.preload(ctx);
      producer = new ProducerRun(ctx);
      drains = new DrainRun(ctx, input);
      if (plan.warmupRounds() > 0) {
        warmUp();
      }
      if (plan.runs(RunKind.P)) {
        results.add(best(RunKind.P, StreamsConfig.AT_LEAST_ONCE, 1));
        producer.free();
      }
      for (String g : plan.guarantees()) {
        for (int threads : plan.threads()) {
          if (plan.runs(RunKind.B1)) {
            results.add(best(RunKind.B1, g, threads));
          }
          if (plan.runs(RunKind.A)) {
            results.add(best(RunKind.A, g, threads));
          }
        }
        if (plan.runs(RunKind.B2)) {
          results.add(best(RunKind.B2, g, plan.maxThreads()));
        }
      }
      if (plan.runs(RunKind.C)) {
        for (int threads : plan.threads()) {
          results.add(best(RunKind.C, StreamsConfig.AT_LEAST_ONCE, threads));
        }
      }
      if (plan.runs(RunKind.L)) {
        for (String g : plan.guarantees()) {
          results.add(latency(g, plan.maxThreads(), offeredRate(g, results)));
        }
      }
    }
    return results;
  }

  /**
   * Drains the input, unmeasured, with each client the plan measures (A for C and L too) under each
   * guarantee, in rounds (at most {@code --warmup-rounds}) until the JIT compiler is quiet:
   * compiling for at most {@value #QUIET_JIT_SHARE} of a round's time. Each new client runs
   * start-up code (joining, assigning, registering metrics) that the JIT compiles only once it is
   * hot; until then the compiler takes a core's share from every run, and from the runs with the
   * most code the most.
   */
  private void warmUp() {
    List<RunKind> clients =
        Stream.of(RunKind.B1, RunKind.B2, RunKind.A)
            .filter(
                r ->
                    plan.runs(r)
                        || (r == RunKind.A && (plan.runs(RunKind.C) || plan.runs(RunKind.L))))
            .toList();
    if (clients.isEmpty() && !plan.runs(RunKind.P)) {
      return;
    }
    for (int round = 1; round <= plan.warmupRounds(); round++) {
      log.note(
          "warm-up round %d (not measured): %s, %s, %d thread(s)",
          round,
          Stream.concat(Stream.of(RunKind.P).filter(plan::runs), clients.stream())
              .map(RunKind::name)
              .collect(Collectors.joining(", ")),
          String.join(", ", plan.guarantees()),
          plan.maxThreads());
      long jit0 = CpuClock.jitMillis();
      long t0 = System.nanoTime();
      if (plan.runs(RunKind.P)) {
        producer.run("-warm" + round);
      }
      for (String g : plan.guarantees()) {
        for (RunKind client : clients) {
          drains.run(client, g, plan.maxThreads(), "-warm" + round);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double jit = (CpuClock.jitMillis() - jit0) / 1e3;
      log.note("warm-up round %d: the JIT compiled for %.1f s of %.1f s", round, jit, seconds);
      if (jit <= QUIET_JIT_SHARE * seconds) {
        return;
      }
    }
    log.note(
        "the JIT is still busy after %d warm-up round(s): the figures include it",
        plan.warmupRounds());
  }

  /**
   * The fastest of {@code --repeat} drains: on a shared machine a run is only ever slowed down by
   * others, never sped up. A drain that lost records or failed is returned at once.
   */
  private BenchResult best(RunKind run, String guarantee, int threads) {
    BenchResult best = null;
    for (int attempt = 1; attempt <= plan.repeat(); attempt++) {
      String suffix = plan.repeat() > 1 ? "-" + attempt : "";
      BenchResult r =
          run == RunKind.P ? producer.run(suffix) : drains.run(run, guarantee, threads, suffix);
      if (!r.ok()) {
        return r;
      }
      if (best == null || r.recordsPerSecond() > best.recordsPerSecond()) {
        best = r;
      }
    }
    return best;
  }

  /**
   * L: A at a fixed offered rate on a fresh input topic; end-to-end latency = time the output is
   * read (read_committed) − the input record's timestamp (set by the producer when it sends).
   */
  private BenchResult latency(String guarantee, int threads, double rate) {
    String runId = ctx.id() + "-l-" + BenchResult.shortGuarantee(guarantee) + "-t" + threads;
    String in = runId + "-in";
    String output = runId + "-out";
    ctx.topics().create(in, plan.partitions());
    ctx.topics().create(output, plan.partitions());
    ctx.topics().own(runId);
    Settings s = ctx.runSettings(runId, guarantee, threads, in, output);
    StreamsConfig config = ctx.streamsConfig(s);
    long total = Math.max(1, Math.round(rate * plan.latencySeconds()));
    // The first fifth (at most 5 s) is warm-up: a fresh client, fresh topics.
    long warmupMillis = Math.min(5_000, plan.latencySeconds() * 200L);
    Histogram histogram = new Histogram(3_600_000L, 3);
    OutputCheck check = new OutputCheck();
    AtomicBoolean stop = new AtomicBoolean();
    String failure = null;
    double seconds;
    long cpu;
    long clientCpu;
    long jitMillis;
    long sent;
    try (StreamsJob job =
        new StreamsJob(BenchTopologies.ages(in, output, s.referenceYear(), config), config)) {
      job.start();
      if (!job.awaitReady(READY_TIMEOUT)) {
        failure = "not running after " + READY_TIMEOUT.toSeconds() + " s";
      }
      long measureFrom = System.currentTimeMillis() + warmupMillis;
      AtomicReference<String> readerFailure = new AtomicReference<>();
      Thread reader =
          new Thread(
              () -> {
                try (TopicReader r =
                    new TopicReader(s.consumerProperties(bootstrap), output, true)) {
                  while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> rec : r.poll(Duration.ofMillis(50))) {
                      long now = System.currentTimeMillis();
                      synchronized (check) {
                        check.add(rec.key(), rec.timestamp());
                      }
                      if (rec.timestamp() >= measureFrom) {
                        histogram.recordValue(Math.max(0, now - rec.timestamp()));
                      }
                    }
                  }
                } catch (RuntimeException e) {
                  // Said as the run's failure, not taken for lost records after a stall.
                  readerFailure.set("the output reader failed: " + e);
                }
              },
              runId + "-reader");
      reader.setDaemon(true);
      reader.start();
      try {
        long cpu0 = CpuClock.processNanos();
        long jit0 = CpuClock.jitMillis();
        long t0 = System.nanoTime();
        try (LineProducer producer = new LineProducer(s.producerProperties(bootstrap), in);
            Progress bar =
                Progress.of(
                    "L " + BenchResult.shortGuarantee(guarantee) + " @" + Math.round(rate) + "/s",
                    total,
                    plan.progress())) {
          Pacer pacer = Pacer.of(rate);
          for (long n = 0; n < total && failure == null; n++) {
            pacer.awaitStep(n);
            producer.send(ScientistLines.generatedName(n), BenchInput.value(plan.seed(), n));
            if ((n & 1023) == 0) {
              bar.stepTo(n);
              failure = job.failure().orElse(null);
            }
          }
          producer.flush();
          sent = producer.acknowledged();
          bar.stepTo(sent);
          if (producer.failure() != null) {
            failure = "a send failed: " + producer.failure();
          }
        }
        seconds = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + RunContext.STALL_TIMEOUT.toNanos();
        while (failure == null && readerFailure.get() == null && System.nanoTime() < deadline) {
          synchronized (check) {
            if (check.count().distinct() >= sent) {
              break;
            }
          }
          BenchTopics.sleep(20);
        }
        cpu = CpuClock.processNanos() - cpu0;
        clientCpu = CpuClock.threadNanos(runId);
        jitMillis = CpuClock.jitMillis() - jit0;
      } finally {
        // Whatever happened above, the reader and its consumer end with this run.
        stop.set(true);
        reader.join(10_000);
      }
      failure = failure != null ? failure : readerFailure.get();
      failure = failure != null ? failure : job.failure().orElse(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    OutputCheck.Count count;
    synchronized (check) {
      count = check.count();
    }
    BenchResult.Latency latency =
        new BenchResult.Latency(
            rate,
            histogram.getTotalCount(),
            histogram.getValueAtPercentile(50),
            histogram.getValueAtPercentile(99),
            histogram.getValueAtPercentile(99.9),
            histogram.getMaxValue());
    BenchResult r =
        BenchResult.of(
            RunKind.L,
            guarantee,
            threads,
            sent,
            sent * input.bytesPerRecord(),
            count,
            new BenchResult.Cost(seconds, cpu, clientCpu, jitMillis),
            latency,
            failure);
    log.result(r);
    return r;
  }

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
