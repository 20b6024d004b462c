package dev.scientistages.bench;

import dev.scientistages.io.LineProducer;
import dev.scientistages.io.ScientistLines;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * P: one producer alone, with the settings the application's clients get (no compression, as Kafka
 * Streams' producers), sending the first {@code --records} input records (at most {@value #WINDOW},
 * generated once before any P starts) to a fresh topic as fast as the broker takes them: the
 * producer limit the other runs can be read against. Measured as the drains are: the output's
 * append times give the throughput, and the output is read back and counted.
 */
final class ProducerRun {
  private static final int WINDOW = 1 << 20;

  private final RunContext ctx;
  private String[] keys;
  private byte[][] values;

  ProducerRun(RunContext ctx) {
    this.ctx = ctx;
  }

  /** One P into a fresh topic, whose name ends in {@code suffix}. */
  BenchResult run(String suffix) {
    BenchPlan plan = ctx.plan();
    if (keys == null) {
      int size = (int) Math.min(plan.records(), WINDOW);
      keys = new String[size];
      values = new byte[size][];
      for (int n = 0; n < size; n++) {
        keys[n] = ScientistLines.generatedName(n);
        values[n] = BenchInput.value(plan.seed(), n);
      }
    }
    int records = keys.length;
    String runId = ctx.id() + "-p-alos-t1" + suffix;
    String output = ctx.appendTimeOutput(runId);
    Properties producerProperties = ctx.settings().producerProperties(ctx.bootstrap());
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
        producer.send(keys[n], values[n]);
        bytes += keys[n].length() + values[n].length;
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
    OutputCheck.Count count =
        OutputCheck.of(ctx.settings().consumerProperties(ctx.bootstrap()), output);
    double seconds = Math.max(0.001, (count.lastTimestamp() - count.firstTimestamp()) / 1e3);
    ctx.log().note("  P: output appended over %.2f s, JIT %.2f s", seconds, jitMillis / 1e3);
    BenchResult r =
        BenchResult.of(
            RunKind.P,
            StreamsConfig.AT_LEAST_ONCE,
            1,
            records,
            bytes,
            count,
            new BenchResult.Cost(seconds, cpu, clientCpu, jitMillis),
            null,
            failure);
    ctx.log().result(r);
    return r;
  }

  /** Drops the generated records: the JVM the later runs measure should not carry them. */
  void free() {
    keys = null;
    values = null;
  }
}
