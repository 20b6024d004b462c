package dev.scientistages.bench;

import dev.scientistages.config.Settings;
import dev.scientistages.io.LineProducer;
import dev.scientistages.io.Pacer;
import dev.scientistages.io.ScientistLines;
import dev.scientistages.io.TopicReader;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;

/**
 * L: A at a fixed offered rate on a fresh input topic; end-to-end latency = time the output is read
 * (read_committed) − the input record's timestamp (set by the producer when it sends).
 */
final class LatencyRun {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final RunContext ctx;
  private final BenchInput input;

  /**
   * @param input the preloaded input, whose bytes per record L's figures use (L sends the same
   *     generated scientists to a topic of its own)
   */
  LatencyRun(RunContext ctx, BenchInput input) {
    this.ctx = ctx;
    this.input = input;
  }

  /** One L under {@code guarantee}, offering {@code rate} records per second. */
  BenchResult run(String guarantee, int threads, double rate) {
    BenchPlan plan = ctx.plan();
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
    String failure = null;
    double seconds;
    long cpu;
    long clientCpu;
    long jitMillis;
    long sent;
    OutputReader reader;
    try (StreamsJob job =
        new StreamsJob(BenchTopologies.ages(in, output, s.referenceYear(), config), config)) {
      job.start();
      if (!job.awaitReady(READY_TIMEOUT)) {
        failure = "not running after " + READY_TIMEOUT.toSeconds() + " s";
      }
      reader =
          new OutputReader(
              s.consumerProperties(ctx.bootstrap()),
              output,
              System.currentTimeMillis() + warmupMillis);
      Thread thread = new Thread(reader, runId + "-reader");
      thread.setDaemon(true);
      thread.start();
      try {
        long cpu0 = CpuClock.processNanos();
        long jit0 = CpuClock.jitMillis();
        long t0 = System.nanoTime();
        try (LineProducer producer = new LineProducer(s.producerProperties(ctx.bootstrap()), in);
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
        while (failure == null && reader.failure() == null && System.nanoTime() < deadline) {
          if (reader.count().distinct() >= sent) {
            break;
          }
          BenchTopics.sleep(20);
        }
        cpu = CpuClock.processNanos() - cpu0;
        clientCpu = CpuClock.threadNanos(runId);
        jitMillis = CpuClock.jitMillis() - jit0;
      } finally {
        // Whatever happened above, the reader and its consumer end with this run.
        reader.stop();
        thread.join(10_000);
      }
      failure = failure != null ? failure : reader.failure();
      failure = failure != null ? failure : job.failure().orElse(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    BenchResult r =
        BenchResult.of(
            RunKind.L,
            guarantee,
            threads,
            sent,
            sent * input.bytesPerRecord(),
            reader.count(),
            new BenchResult.Cost(seconds, cpu, clientCpu, jitMillis),
            reader.latency(rate),
            failure);
    ctx.log().result(r);
    return r;
  }

  /**
   * Reads L's output as it comes, on a thread of its own: counts it for the output check, and
   * records the latency of each record sent after the warm-up.
   */
  private static final class OutputReader implements Runnable {
    private final Properties consumerProperties;
    private final String topic;
    private final long measureFrom;
    private final Histogram histogram = new Histogram(3_600_000L, 3);
    private final OutputCheck check = new OutputCheck();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile String failure;

    /**
     * @param measureFrom the first input timestamp, in epoch milliseconds, counted in the latency
     */
    OutputReader(Properties consumerProperties, String topic, long measureFrom) {
      this.consumerProperties = consumerProperties;
      this.topic = topic;
      this.measureFrom = measureFrom;
    }

    @Override
    public void run() {
      try (TopicReader r = new TopicReader(consumerProperties, topic, true)) {
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
        failure = "the output reader failed: " + e;
      }
    }

    void stop() {
      stop.set(true);
    }

    /** Why the reader ended on its own, or null. */
    String failure() {
      return failure;
    }

    OutputCheck.Count count() {
      synchronized (check) {
        return check.count();
      }
    }

    /** The percentiles so far; complete once the reader has stopped. */
    BenchResult.Latency latency(double rate) {
      return new BenchResult.Latency(
          rate,
          histogram.getTotalCount(),
          histogram.getValueAtPercentile(50),
          histogram.getValueAtPercentile(99),
          histogram.getValueAtPercentile(99.9),
          histogram.getMaxValue());
    }
  }
}
