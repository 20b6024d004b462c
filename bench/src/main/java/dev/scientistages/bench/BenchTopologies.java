package dev.scientistages.bench;

import dev.scientistages.topology.AgeTopology;
import dev.scientistages.topology.RecordCounts;
import dev.scientistages.topology.ReferenceYear;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** The topologies the benchmark compares; each maps the input topic to one output topic. */
final class BenchTopologies {
  private BenchTopologies() {}

  /** B2: Kafka Streams' own cost, with nothing to read or write but bytes. */
  static Topology identity(String input, String output, StreamsConfig config) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(config));
    builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    return builder.build();
  }

  /** A: the application's own topology, as {@code run} starts it. */
  static Topology ages(String input, String output, ReferenceYear year, StreamsConfig config) {
    return AgeTopology.build(input, output, year, config, RecordCounts.from(config.originals()));
  }

  /**
   * C: A itself (reading, mapping, dead letters, writing), with a heavy {@code process_item}:
   * {@code work} spends a fixed amount of CPU on each record before it is mapped (at a fixed
   * reference year).
   */
  static Topology heavy(
      String input, String output, int referenceYear, CpuWork work, StreamsConfig config) {
    return AgeTopology.build(
        input,
        output,
        new ReferenceYear.Fixed(referenceYear),
        config,
        RecordCounts.from(config.originals()),
        scientist -> work.run(scientist.name()));
  }
}
