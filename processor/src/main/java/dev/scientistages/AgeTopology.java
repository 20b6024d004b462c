package dev.scientistages;

import dev.scientistages.errors.InvalidScientistException;
import dev.scientistages.errors.Reason;
import dev.scientistages.model.Scientist;
import dev.scientistages.model.ScientistAge;
import dev.scientistages.ops.RecordCounts;
import dev.scientistages.serde.JsonSerde;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The stream, drawn in one place: {@code input → ProcessItem → output}. Pure: it builds a {@link
 * Topology} and touches nothing.
 *
 * <ul>
 *   <li>input (default {@code scientists}): key = the scientist's name (UTF-8 string), value = JSON
 *       {@code {"name": string, "born": int}}; unknown fields are ignored.
 *   <li>output (default {@code ages}): the same key, value = JSON {@code {"name": string, "age":
 *       int}}, the input record's timestamp and headers.
 *   <li>dead letters (default {@code scientists.dlq}, set by {@code
 *       errors.dead.letter.queue.topic.name}): the input's key and value bytes unchanged, Kafka
 *       Streams' {@code __streams.errors.*} headers and {@link Reason#HEADER}. Written by the
 *       exception handlers, not by this topology.
 * </ul>
 *
 * <p>The key is never changed, so there is no repartition topic and no state store: each task maps
 * its partition on its own and the work spreads over as many threads and instances as there are
 * partitions.
 */
public final class AgeTopology {
  /** Name of the processor node that runs {@link ProcessItem}. */
  public static final String PROCESS_ITEM = "process-item";

  private AgeTopology() {}

  /**
   * Builds the topology.
   *
   * @param config the application's Streams configuration, which the topology takes its defaults
   *     from (Kafka Streams would otherwise build one of its own defaults)
   */
  public static Topology build(
      String inputTopic, String outputTopic, ReferenceYear referenceYear, StreamsConfig config) {
    return build(inputTopic, outputTopic, referenceYear, config, scientist -> {});
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
      Consumer<Scientist> beforeEach) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(config));
    builder.stream(
            inputTopic,
            Consumed.with(Serdes.String(), countingReads(JsonSerde.of(Scientist.class))))
        .processValues(
            () -> new ProcessItemProcessor(referenceYear, beforeEach),
            org.apache.kafka.streams.kstream.Named.as(PROCESS_ITEM))
        .to(outputTopic, Produced.with(Serdes.String(), JsonSerde.of(ScientistAge.class)));
    return builder.build();
  }

  /** Runs {@link ProcessItem} with the record's reference year; keeps timestamp and headers. */
  private static final class ProcessItemProcessor
      implements FixedKeyProcessor<String, Scientist, ScientistAge> {
    private final ReferenceYear referenceYear;
    private final Consumer<Scientist> beforeEach;
    private FixedKeyProcessorContext<String, ScientistAge> context;

    ProcessItemProcessor(ReferenceYear referenceYear, Consumer<Scientist> beforeEach) {
      this.referenceYear = referenceYear;
      this.beforeEach = beforeEach;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ScientistAge> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Scientist> record) {
      Scientist scientist = record.value();
      if (scientist == null) {
        throw new InvalidScientistException(
            Reason.NULL_VALUE, "the record has no value (a tombstone)");
      }
      beforeEach.accept(scientist);
      int year = referenceYear.at(record.timestamp());
      context.forward(record.withValue(ProcessItem.apply(scientist, year)));
      RecordCounts.mapped();
    }
  }

  /** Counts every value read from the input topic, readable or not (for the conservation sum). */
  private static Serde<Scientist> countingReads(JsonSerde<Scientist> serde) {
    Deserializer<Scientist> counting =
        (topic, data) -> {
          RecordCounts.read();
          return serde.deserialize(topic, data);
        };
    return Serdes.serdeFrom(serde, counting);
  }
}
