package dev.scientistages.bench;

import dev.scientistages.io.LineProducer;
import dev.scientistages.io.ScientistLines;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * The input every drain reads: {@code --records} generated scientists, preloaded (unmeasured) into
 * a topic of their own with the {@code produce} verb's producer.
 *
 * @param bytes key and value bytes of all the records
 */
record BenchInput(String topic, List<TopicPartition> partitions, long records, long bytes) {

  /** Creates the input and the dead-letter topic the runs share, and preloads the input. */
  static BenchInput preload(RunContext ctx) {
    BenchPlan plan = ctx.plan();
    String topic = ctx.id() + "-scientists";
    ctx.topics().create(topic, plan.partitions());
    ctx.topics().create(ctx.deadLetterTopic(), plan.partitions());
    List<TopicPartition> partitions = ctx.topics().partitionsOf(topic);
    ctx.log()
        .note(
            "preloading %,d scientists into %s (%d partitions)",
            plan.records(), topic, partitions.size());
    long bytes = 0;
    try (LineProducer producer =
            new LineProducer(ctx.settings().producerProperties(ctx.bootstrap()), topic);
        Progress bar = Progress.of("load", plan.records(), plan.progress())) {
      for (long n = 0; n < plan.records(); n++) {
        String key = ScientistLines.generatedName(n);
        byte[] value = value(plan.seed(), n);
        bytes += key.length() + value.length;
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
    return new BenchInput(topic, partitions, plan.records(), bytes);
  }

  /** The n-th generated scientist's value, as the preload, P and L send it. */
  static byte[] value(long seed, long n) {
    return ScientistLines.utf8(ScientistLines.generated(seed, n));
  }

  double bytesPerRecord() {
    return (double) bytes / Math.max(1, records);
  }
}
