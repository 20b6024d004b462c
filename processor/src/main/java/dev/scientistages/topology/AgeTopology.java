package dev.scientistages.topology;

import dev.scientistages.deadletter.DeadLetterHeaders;
import dev.scientistages.deadletter.InvalidScientistException;
import dev.scientistages.deadletter.Reason;
import dev.scientistages.model.Scientist;
import dev.scientistages.model.ScientistAge;
import dev.scientistages.serde.JsonSerde;
import dev.scientistages.serde.ScientistAgeSerializer;
import dev.scientistages.serde.ScientistDeserializer;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The stream, drawn in one place: {@code input → AgeCalculator → output} (by default {@code
 * scientists} to {@code ages}), bad records to the dead-letter topic (by the exception handlers,
 * with {@link DeadLetterHeaders#REASON}). Pure: it builds a {@link Topology} and touches nothing.
 * The key never changes, so there is no repartition topic and no state store, and the work spreads
 * over as many threads as there are partitions. The records' contract: docs/reliability.md.
 */
public final class AgeTopology {
  /** Name of the processor node that runs {@link AgeCalculator}. */
  public static final String CALCULATE_AGE = "calculate-age";

  private AgeTopology() {}

  /**
   * Builds the topology.
   *
   * @param config the application's Streams configuration, which the topology takes its defaults
   *     from (Kafka Streams would otherwise build one of its own defaults)
   * @param counts the service's record counts, which the topology adds reads and mappings to
   */
  public static Topology build(
      String inputTopic,
      String outputTopic,
      ReferenceYear referenceYear,
      StreamsConfig config,
      RecordCounts counts) {
    return build(inputTopic, outputTopic, referenceYear, config, counts, scientist -> {});
  }

  /**
   * The same topology, with {@code beforeEach} run on every scientist read (not a tombstone) before
   * it is mapped: for the benchmark's heavy {@code process_item}.
   */
  public static Topology build(
      String inputTopic,
      String outputTopic,
      ReferenceYear referenceYear,
      StreamsConfig config,
      RecordCounts counts,
      Consumer<Scientist> beforeEach) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(config));
    // Nothing reads the key: it goes out as it came in, byte for byte, and costs no decoding.
    builder.stream(inputTopic, Consumed.with(Serdes.ByteArray(), countingReads(counts)))
        .process(() -> new AgeProcessor(referenceYear, counts, beforeEach), Named.as(CALCULATE_AGE))
        .to(
            outputTopic,
            Produced.with(
                Serdes.ByteArray(),
                Serdes.serdeFrom(new ScientistAgeSerializer(), JsonSerde.of(ScientistAge.class))));
    return builder.build();
  }

  /**
   * Runs {@link AgeCalculator} with the record's reference year; keeps key, timestamp and headers.
   * A plain processor rather than a fixed-key one: Kafka Streams copies the headers into every
   * record it builds, and builds a fixed-key record once more per record.
   */
  private static final class AgeProcessor
      implements Processor<byte[], Scientist, byte[], ScientistAge> {
    private final ReferenceYear referenceYear;
    private final RecordCounts counts;
    private final Consumer<Scientist> beforeEach;
    private ProcessorContext<byte[], ScientistAge> context;

    AgeProcessor(ReferenceYear referenceYear, RecordCounts counts, Consumer<Scientist> beforeEach) {
      this.referenceYear = referenceYear;
      this.counts = counts;
      this.beforeEach = beforeEach;
    }

    @Override
    public void init(ProcessorContext<byte[], ScientistAge> context) {
      this.context = context;
    }

    @Override
    public void process(Record<byte[], Scientist> record) {
      Scientist scientist = record.value();
      if (scientist == null) {
        throw new InvalidScientistException(
            Reason.NULL_VALUE, "the record has no value (a tombstone)");
      }
      beforeEach.accept(scientist);
      int year = referenceYear.at(record.timestamp());
      context.forward(record.withValue(AgeCalculator.apply(scientist, year)));
      counts.mapped();
    }
  }

  /** Counts every value read from the input topic, readable or not (for the conservation sum). */
  private static Serde<Scientist> countingReads(RecordCounts counts) {
    Deserializer<Scientist> reader = new ScientistDeserializer();
    Deserializer<Scientist> counting =
        (topic, data) -> {
          counts.read();
          return reader.deserialize(topic, data);
        };
    return Serdes.serdeFrom(JsonSerde.of(Scientist.class), counting);
  }
}
