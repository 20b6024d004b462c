package dev.scientistages.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scientistages.topology.AgeCalculator;
import dev.scientistages.io.ScientistLines;
import dev.scientistages.model.Scientist;
import dev.scientistages.model.ScientistAge;
import dev.scientistages.serde.JsonSerde;
import dev.scientistages.serde.ScientistAgeSerializer;
import dev.scientistages.serde.ScientistDeserializer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-record path of the processor (deserialize, map, serialize) in nanoseconds per record,
 * next to a bare Jackson round trip of the same bytes: what the strict serde and the mapping cost
 * on top of JSON itself. Run with {@code mvn -B -Pjmh -DskipTests test}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PerRecordBenchmark {
  /** What a bare round trip reads and writes: plain records, a default mapper. */
  public record PlainScientist(String name, int born) {}

  /** The bare round trip's output. */
  public record PlainAge(String name, int age) {}

  private static final int REFERENCE_YEAR = 2017;
  private static final int LINES = 1024;

  private final ScientistDeserializer scientists = new ScientistDeserializer();
  private final ScientistAgeSerializer ages = new ScientistAgeSerializer();
  private final JsonSerde<Scientist> databindScientists = JsonSerde.of(Scientist.class);
  private final JsonSerde<ScientistAge> databindAges = JsonSerde.of(ScientistAge.class);
  private final ObjectMapper bare = new ObjectMapper();
  private byte[][] input;
  private int next;

  @Setup
  public void setUp() {
    input = new byte[LINES][];
    for (int n = 0; n < LINES; n++) {
      input[n] = ScientistLines.utf8(ScientistLines.generated(1, n));
    }
  }

  private byte[] nextLine() {
    next = (next + 1) & (LINES - 1);
    return input[next];
  }

  /**
   * The processor's path, as its topology runs it: {@link ScientistDeserializer} in, {@link
   * AgeCalculator}, {@link ScientistAgeSerializer} out.
   */
  @Benchmark
  public byte[] agePath() {
    Scientist s = scientists.deserialize("scientists", nextLine());
    return ages.serialize("ages", AgeCalculator.apply(s, REFERENCE_YEAR));
  }

  /** The same path through databind alone ({@link JsonSerde} both ways), as it was before. */
  @Benchmark
  public byte[] agePathDatabind() {
    Scientist s = databindScientists.deserialize("scientists", nextLine());
    return databindAges.serialize("ages", AgeCalculator.apply(s, REFERENCE_YEAR));
  }

  /** Reading alone, as the processor does it. */
  @Benchmark
  public Scientist ageDeserialize() {
    return scientists.deserialize("scientists", nextLine());
  }

  /** The baseline: a default ObjectMapper reading and writing plain records. */
  @Benchmark
  public byte[] bareJackson() throws IOException {
    PlainScientist s = bare.readValue(nextLine(), PlainScientist.class);
    return bare.writeValueAsBytes(new PlainAge(s.name(), REFERENCE_YEAR - s.born()));
  }
}
