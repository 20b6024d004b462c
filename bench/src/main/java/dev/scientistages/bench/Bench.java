package dev.scientistages.bench;

import dev.scientistages.config.Settings;
import dev.scientistages.io.LineProducer;
import dev.scientistages.io.Pacer;
import dev.scientistages.io.ScientistLines;
import dev.scientistages.io.TopicReader;
import dev.scientistages.toolkit.Directories;
import dev.scientistages.topology.RecordCounts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The benchmark: preloads the input, warms up, then runs B1, B2, A, C and L one after another on
 * the same cluster, each into a fresh output topic, and checks every run's output.
 */
public final class Bench {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);
  private static final double QUIET_JIT_SHARE = 0.1;
  private static final int P_WINDOW = 1 << 20;

  private final BenchPlan plan;
  private final Settings settings;
  private final String bootstrap;
  private final PrintWriter err;
  private final String id = "bench-" + Long.toString(System.currentTimeMillis(), 36);
  private final Path stateDir;
  private BenchTopics topics;
  private String input;
  private List<TopicPartition> inputPartitions;
  private long inputBytes;
  private String[] windowKeys;
  private byte[][] windowValues;

  public Bench(BenchPlan plan, Settings settings, String bootstrap, PrintWriter err) {
    this.plan = plan;
    this.settings = settings;
    this.bootstrap = bootstrap;
    this.err = err;
    try {
      this.stateDir = Files.createTempDirectory("scientist-ages-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the plan; the results in the order they ran. */
  public List<BenchResult> run() {
    List<BenchResult> results = new ArrayList<>();
    try (BenchTopics t = new BenchTopics(settings.adminProperties(bootstrap))) {
      topics = t;
      input = id + "-scientists";
      topics.create(input, plan.partitions());
      topics.create(deadLetterTopic(), plan.partitions());
      inputPartitions = topics.partitionsOf(input);
      load();
      if (plan.warmupRounds() > 0) {
        warmUp();
      }
      if (plan.runs("P")) {
        results.add(best("P", StreamsConfig.AT_LEAST_ONCE, 1));
        // Free P's records: the JVM the later runs measure should not carry them.
        windowKeys = null;
        windowValues = null;
      }
      for (String g : plan.guarantees()) {
        for (int threads : plan.threads()) {
          if (plan.runs("B1")) {
            results.add(best("B1", g, threads));
          }
          if (plan.runs("A")) {
            results.add(best("A", g, threads));
          }
        }
        if (plan.runs("B2")) {
          results.add(best("B2", g, plan.maxThreads()));
        }
      }
      if (plan.runs("C")) {
        for (int threads : plan.threads()) {
          results.add(best("C", StreamsConfig.AT_LEAST_ONCE, threads));
        }
      }
      if (plan.runs("L")) {
        for (String g : plan.guarantees()) {
          results.add(latency(g, plan.maxThreads(), offeredRate(g, results)));
        }
      }
    } finally {
      deleteStateDir();
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
    List<String> clients =
        Stream.of("B1", "B2", "A")
            .filter(r -> plan.runs(r) || (r.equals("A") && (plan.runs("C") || plan.runs("L"))))
            .toList();
    if (clients.isEmpty() && !plan.runs("P")) {
      return;
    }
    for (int round = 1; round <= plan.warmupRounds(); round++) {
      note(
          "warm-up round %d (not measured): %s, %s, %d thread(s)",
          round,
          Stream.concat(Stream.of("P").filter(plan::runs), clients.stream())
              .collect(Collectors.joining(", ")),
          String.join(", ", plan.guarantees()),
          plan.maxThreads());
      long jit0 = CpuClock.jitMillis();
      long t0 = System.nanoTime();
      if (plan.runs("P")) {
        produced("-warm" + round);
      }
      for (String g : plan.guarantees()) {
        for (String client : clients) {
          drain(client, g, plan.maxThreads(), "-warm" + round);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double jit = (CpuClock.jitMillis() - jit0) / 1e3;
      note("warm-up round %d: the JIT compiled for %.1f s of %.1f s", round, jit, seconds);
      if (jit <= QUIET_JIT_SHARE * seconds) {
        return;
      }
    }
    note(
        "the JIT is still busy after %d warm-up round(s): the figures include it",
        plan.warmupRounds());
  }

  /** Preloads the input with the {@code produce} verb's producer (unmeasured). */
  private void load() {
    note(
        "preloading %,d scientists into %s (%d partitions)",
        plan.records(), input, inputPartitions.size());
    try (LineProducer producer = new LineProducer(settings.producerProperties(bootstrap), input);
        Progress bar = Progress.of("load", plan.records(), plan.progress())) {
      for (long n = 0; n < plan.records(); n++) {
        String key = ScientistLines.generatedName(n);
        byte[] value = ScientistLines.utf8(ScientistLines.generated(plan.seed(), n));
        inputBytes += key.length() + value.length;
        producer.send(key, value);
        if ((n & 1023) == 0) {
          bar.stepTo(producer.acknowledged());
        }
      }
      producer.flush();
      bar.stepTo(producer.acknowledged());
      if (producer.failure() != null) {
        throw new IllegalStateException("preloading failed: " + producer.failure());
      }
    }
  }

  /**
   * P: one producer alone, with the settings the application's clients get (no compression, as
   * Kafka Streams' producers), sending the first {@code --records} input records (at most {@value
   * #P_WINDOW}, generated once before any P starts) to a fresh topic as fast as the broker takes
   * them: the producer limit the other runs can be read against. Measured as the drains are: the
   * output's append times give the throughput, and the output is read back and counted.
   */
  private BenchResult produced(String suffix) {
    if (windowKeys == null) {
      int size = (int) Math.min(plan.records(), P_WINDOW);
      windowKeys = new String[size];
      windowValues = new byte[size][];
      for (int n = 0; n < size; n++) {
        windowKeys[n] = ScientistLines.generatedName(n);
        windowValues[n] = ScientistLines.utf8(ScientistLines.generated(plan.seed(), n));
      }
    }
    int records = windowKeys.length;
    String runId = id + "-p-alos-t1" + suffix;
    String output = runId + "-out";
    topics.create(output, plan.partitions(), Map.of("message.timestamp.type", "LogAppendTime"));
    Properties producerProperties = settings.producerProperties(bootstrap);
    producerProperties.put(ProducerConfig.CLIENT_ID_CONFIG, runId);
    producerProperties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    long bytes = 0;
    long cpu;
    long clientCpu;
    long jitMillis;
    String failure = null;
    try (LineProducer producer = new LineProducer(producerProperties, output);
        Progress bar = Progress.of("P", records, plan.progress())) {
      long cpu0 = CpuClock.processNanos();
      long thread0 = CpuClock.currentThreadNanos();
      long jit0 = CpuClock.jitMillis();
      for (int n = 0; n < records; n++) {
        producer.send(windowKeys[n], windowValues[n]);
        bytes += windowKeys[n].length() + windowValues[n].length;
        if ((n & 1023) == 0) {
          bar.stepTo(producer.acknowledged());
        }
      }
      producer.flush();
      bar.stepTo(producer.acknowledged());
      cpu = CpuClock.processNanos() - cpu0;
      // Read before close: the network thread, named after the client id, ends with it.
      clientCpu = CpuClock.threadNanos(runId) + CpuClock.currentThreadNanos() - thread0;
      jitMillis = CpuClock.jitMillis() - jit0;
      if (producer.failure() != null) {
        failure = "a send failed: " + producer.failure();
      }
    }
    OutputCheck.Count count = OutputCheck.of(settings.consumerProperties(bootstrap), output);
    double seconds = Math.max(0.001, (count.lastTimestamp() - count.firstTimestamp()) / 1e3);
    note("  P: output appended over %.2f s, JIT %.2f s", seconds, jitMillis / 1e3);
    double perMillion = 1e6 / records / 1e9;
    BenchResult r =
        new BenchResult(
            "P",
            StreamsConfig.AT_LEAST_ONCE,
            1,
            records,
            count.records(),
            count.distinct(),
            seconds,
            records / seconds,
            bytes / seconds / 1e6,
            cpu * perMillion,
            clientCpu * perMillion,
            jitMillis / 1e3,
            null,
            failure);
    report(r);
    return r;
  }

  /**
   * The fastest of {@code --repeat} drains: on a shared machine a run is only ever slowed down by
   * others, never sped up. A drain that lost records or failed is returned at once.
   */
  private BenchResult best(String run, String guarantee, int threads) {
    BenchResult best = null;
    for (int attempt = 1; attempt <= plan.repeat(); attempt++) {
      String suffix = plan.repeat() > 1 ? "-" + attempt : "";
      BenchResult r = run.equals("P") ? produced(suffix) : drain(run, guarantee, threads, suffix);
      if (!r.ok()) {
        return r;
      }
      if (best == null || r.recordsPerSecond() > best.recordsPerSecond()) {
        best = r;
      }
    }
    return best;
  }

  /** One measured drain of the whole input into a fresh output topic. */
  private BenchResult drain(String run, String guarantee, int threads, String suffix) {
    String runId =
        id
            + "-"
            + run.toLowerCase()
            + "-"
            + BenchResult.shortGuarantee(guarantee)
            + "-t"
            + threads
            + suffix;
    String output = runId + "-out";
    // The broker stamps each output record with the time it appended it: the run's throughput is
    // read off the output itself, free of start-up and of how quickly anyone looked.
    topics.create(output, plan.partitions(), Map.of("message.timestamp.type", "LogAppendTime"));
    topics.own(runId);
    Settings s = runSettings(runId, guarantee, threads, input, output);
    StreamsConfig config = streamsConfig(s);
    List<TopicPartition> outputPartitions = topics.partitionsOf(output);
    boolean exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee);
    // Done when all input is committed: under exactly-once the group's offsets move only with
    // committed transactions; at least once, the output's records are all there once written.
    LongSupplier progress =
        exactlyOnce
            ? () -> topics.committedSum(runId)
            : () -> topics.endOffsetSum(outputPartitions);
    Job job =
        switch (run) {
          case "B1" -> new CopyLoop(runId, threads, inputPartitions, output, config);
          case "B2" -> new StreamsJob(BenchTopologies.identity(input, output, config), config);
          case "A" ->
              new StreamsJob(
                  BenchTopologies.ages(input, output, s.referenceYear(), config), config);
          case "C" -> new StreamsJob(heavyTopology(output, config), config);
          default -> throw new IllegalArgumentException(run);
        };
    long clientCpu;
    long jit0;
    long jitMillis;
    double wallSeconds;
    List<long[]> cpuSamples = new ArrayList<>();
    String failure = null;
    try (job;
        Progress bar =
            Progress.of(
                run + " " + BenchResult.shortGuarantee(guarantee) + " t" + threads,
                plan.records(),
                plan.progress())) {
      long started = System.nanoTime();
      jit0 = CpuClock.jitMillis();
      cpuSamples.add(new long[] {System.currentTimeMillis(), CpuClock.processNanos()});
      job.start();
      // No waiting for "ready": work may start before the client says it runs, and the CPU
      // samples must cover it. A job that never starts shows up as a stall.
      long last = 0;
      long lastChange = started;
      while (failure == null) {
        long done = progress.getAsLong();
        long now = System.nanoTime();
        cpuSamples.add(new long[] {System.currentTimeMillis(), CpuClock.processNanos()});
        bar.stepTo(done);
        if (done >= plan.records()) {
          break;
        }
        if (done != last) {
          last = done;
          lastChange = now;
        } else if (now - lastChange > STALL_TIMEOUT.toNanos()) {
          failure = "no progress for " + STALL_TIMEOUT.toSeconds() + " s at " + done;
        }
        failure = job.failure().orElse(failure);
        BenchTopics.sleep(20);
      }
      wallSeconds = (System.nanoTime() - started) / 1e9;
      clientCpu = CpuClock.threadNanos(runId);
      jitMillis = CpuClock.jitMillis() - jit0;
    }
    failure = failure != null ? failure : job.failure().orElse(null);
    OutputCheck.Count count = OutputCheck.of(s.consumerProperties(bootstrap), output);
    double seconds = (count.lastTimestamp() - count.firstTimestamp()) / 1e3;
    long cpu;
    if (seconds >= 0.05 && cpuSamples.size() > 1) {
      cpu = cpuAt(cpuSamples, count.lastTimestamp()) - cpuAt(cpuSamples, count.firstTimestamp());
    } else {
      // Too short to measure from the output (a tiny run): the wall time of the whole run.
      seconds = wallSeconds;
      cpu = cpuSamples.get(cpuSamples.size() - 1)[1] - cpuSamples.get(0)[1];
    }
    note(
        "  %s: output appended over %.2f s, %.2f s from start to all committed, JIT %.2f s",
        run, (count.lastTimestamp() - count.firstTimestamp()) / 1e3, wallSeconds, jitMillis / 1e3);
    BenchResult r =
        result(
            run,
            guarantee,
            threads,
            plan.records(),
            plan.records(),
            count,
            seconds,
            cpu,
            clientCpu,
            jitMillis,
            null,
            failure);
    report(r);
    return r;
  }

  /** The process CPU time at a wall-clock instant, interpolated between two samples. */
  private static long cpuAt(List<long[]> samples, long millis) {
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

  private Topology heavyTopology(String output, StreamsConfig config) {
    int year = Year.now(ZoneOffset.UTC).getValue();
    return BenchTopologies.heavy(
        input, output, year, CpuWork.calibrated(plan.workMicros()), config);
  }

  /**
   * L: A at a fixed offered rate on a fresh input topic; end-to-end latency = time the output is
   * read (read_committed) − the input record's timestamp (set by the producer when it sends).
   */
  private BenchResult latency(String guarantee, int threads, double rate) {
    String runId = id + "-l-" + BenchResult.shortGuarantee(guarantee) + "-t" + threads;
    String in = runId + "-in";
    String output = runId + "-out";
    topics.create(in, plan.partitions());
    topics.create(output, plan.partitions());
    topics.own(runId);
    Settings s = runSettings(runId, guarantee, threads, in, output);
    StreamsConfig config = streamsConfig(s);
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
            producer.send(
                ScientistLines.generatedName(n),
                ScientistLines.utf8(ScientistLines.generated(plan.seed(), n)));
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
        long deadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
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
        result(
            "L", guarantee, threads, sent, sent, count, seconds, cpu, clientCpu, jitMillis, latency,
            failure);
    report(r);
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
                    r.run().equals("A")
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

  private BenchResult result(
      String run,
      String guarantee,
      int threads,
      long records,
      long measured,
      OutputCheck.Count count,
      double seconds,
      long cpuNanos,
      long clientCpuNanos,
      long jitMillis,
      BenchResult.Latency latency,
      String failure) {
    double perMillion = 1e6 / Math.max(1, measured) / 1e9;
    double bytesPerRecord = (double) inputBytes / Math.max(1, plan.records());
    return new BenchResult(
        run,
        guarantee,
        threads,
        records,
        count.records(),
        count.distinct(),
        seconds,
        measured / seconds,
        measured * bytesPerRecord / seconds / 1e6,
        cpuNanos * perMillion,
        clientCpuNanos * perMillion,
        jitMillis / 1e3,
        latency,
        failure);
  }

  private void report(BenchResult r) {
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

  private Settings runSettings(String runId, String guarantee, int threads, String in, String out) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(StreamsConfig.APPLICATION_ID_CONFIG, runId);
    flags.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    flags.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
    flags.put(Settings.INPUT_TOPIC, in);
    flags.put(Settings.OUTPUT_TOPIC, out);
    flags.put(Settings.DEAD_LETTER_TOPIC, deadLetterTopic());
    flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return settings.with(flags);
  }

  private StreamsConfig streamsConfig(Settings s) {
    return new StreamsConfig(new RecordCounts().addTo(s.streamsProperties(bootstrap)));
  }

  private String deadLetterTopic() {
    return id + "-dlq";
  }

  private void note(String format, Object... args) {
    err.printf(format + "%n", args);
    err.flush();
  }

  private void deleteStateDir() {
    try {
      Directories.deleteRecursively(stateDir);
    } catch (IOException e) {
      // A temporary directory: the system cleans it up in the end.
    }
  }
}
