package dev.scientistages.jmh;

import dev.scientistages.topology.AgeTopology;
import dev.scientistages.config.Settings;
import dev.scientistages.io.ScientistLines;
import dev.scientistages.topology.RecordCounts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One record through a whole topology as Kafka Streams runs it, in nanoseconds: a real StreamTask
 * (what {@link TopologyTestDriver} drives) with its source, serdes, processor node, sink, record
 * collector and metric sensors; only the network is missing. {@code ages} is the processor's
 * topology, {@code identity} Kafka Streams' own floor (bytes in, bytes out), as the bench verb's
 * run B2.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TopologyPathBenchmark {
  private static final int LINES = 1024;

  @Param({"ages", "identity"})
  public String topology;

  @Param({"2017", "record-time"})
  public String referenceYear;

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> in;
  private TestOutputTopic<byte[], byte[]> out;
  private byte[][] keys;
  private byte[][] values;
  private int next;
  private final Instant time = Instant.parse("2017-06-01T00:00:00Z");

  @Setup(Level.Trial)
  public void setUp() {
    Settings settings =
        Settings.of(
            Map.of(
                Settings.REFERENCE_YEAR, referenceYear,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"));
    RecordCounts counts = new RecordCounts();
    Properties props = counts.addTo(settings.streamsProperties("dummy:9092"));
    StreamsConfig config = new StreamsConfig(props);
    Topology t =
        topology.equals("ages")
            ? AgeTopology.build(
                settings.inputTopic(),
                settings.outputTopic(),
                settings.referenceYear(),
                config,
                counts)
            : identity(settings.inputTopic(), settings.outputTopic());
    driver = new TopologyTestDriver(t, props);
    in =
        driver.createInputTopic(
            settings.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    out =
        driver.createOutputTopic(
            settings.outputTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    keys = new byte[LINES][];
    values = new byte[LINES][];
    for (int n = 0; n < LINES; n++) {
      keys[n] = ScientistLines.generatedName(n).getBytes(StandardCharsets.UTF_8);
      values[n] = ScientistLines.utf8(ScientistLines.generated(1, n));
    }
  }

  private static Topology identity(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    return builder.build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    driver.close();
  }

  /** One record in, and its output taken (so that the driver's queue does not grow). */
  @Benchmark
  public byte[] record() {
    next = (next + 1) & (LINES - 1);
    in.pipeInput(keys[next], values[next], time);
    return out.readValue();
  }
}
