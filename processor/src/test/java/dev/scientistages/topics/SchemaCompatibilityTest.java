package dev.scientistages.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scientistages.support.RepositoryFiles;
import dev.scientistages.support.SchemaCompatibility;
import dev.scientistages.support.SchemaCompatibility.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each schema of contracts/ against its released version (contracts/released/): what the processor
 * writes may only narrow, what it reads may only widen, unless contracts/intended-breaks.txt names
 * the break (docs/contracts.md, How they evolve).
 */
class SchemaCompatibilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONTRACTS = RepositoryFiles.path("contracts");

  /** Every schema, and whether the processor reads or writes what it describes. */
  private static final Map<String, Direction> SCHEMAS =
      Map.of(
          "scientist.schema.json", Direction.READ,
          "scientist-age.schema.json", Direction.WRITTEN,
          "dead-letter-headers.schema.json", Direction.WRITTEN);

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  @Test
  void shouldBreakNoReaderAndNoWriterOfTheReleasedSchemasUnlessMarked() throws IOException {
    List<String> breaks = new ArrayList<>();
    for (var schema : SCHEMAS.entrySet()) {
      JsonNode released = read(CONTRACTS.resolve("released").resolve(schema.getKey()));
      JsonNode now = read(CONTRACTS.resolve(schema.getKey()));
      for (String b : SchemaCompatibility.breaks(released, now, schema.getValue())) {
        breaks.add(schema.getKey() + " " + b);
      }
    }
    Set<String> marked;
    try (Stream<String> lines = Files.lines(CONTRACTS.resolve("intended-breaks.txt"))) {
      marked =
          lines
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    List<String> unmarked =
        breaks.stream().filter(b -> !marked.contains(b.substring(0, b.indexOf(':')))).toList();
    assertThat(unmarked)
        .as(
            "breaking changes since contracts/released/; if intended, name each in"
                + " contracts/intended-breaks.txt (the part before the colon) and say why")
        .isEmpty();
    Set<String> stale = new TreeSet<>(marked);
    breaks.forEach(b -> stale.remove(b.substring(0, b.indexOf(':'))));
    assertThat(stale).as("intended breaks that no change makes any more").isEmpty();
  }

  @Test
  void shouldHaveAReleasedVersionOfEverySchemaAndNoOther() throws IOException {
    try (Stream<Path> files = Files.list(CONTRACTS.resolve("released"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(SCHEMAS.keySet());
    }
    try (Stream<Path> files = Files.list(CONTRACTS)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")))
          .containsExactlyInAnyOrderElementsOf(SCHEMAS.keySet());
    }
  }

  private static final String OUTPUT =
      """
      {"type": "object", "required": ["name", "age"], "additionalProperties": false,
       "properties": {"name": {"type": "string", "maxLength": 1024},
                      "age": {"type": "integer", "minimum": 0},
                      "code": {"type": "string", "enum": ["A", "B"]}}}
      """;

  @Test
  void shouldLetWhatIsWrittenNarrowButNotWiden() throws IOException {
    JsonNode before = json(OUTPUT);
    assertThat(SchemaCompatibility.breaks(before, before, Direction.WRITTEN)).isEmpty();
    assertThat(
            SchemaCompatibility.breaks(
                before,
                json(OUTPUT.replace("1024", "100").replace("\"minimum\": 0", "\"minimum\": 1")),
                Direction.WRITTEN))
        .isEmpty();
    assertThat(
            SchemaCompatibility.breaks(
                before,
                json(
                    OUTPUT
                        .replace("[\"name\", \"age\"]", "[\"name\"]")
                        .replace("\"integer\", \"minimum\": 0", "\"string\"")
                        .replace("[\"A\", \"B\"]", "[\"A\", \"B\", \"C\"]")
                        .replace("1024", "2048")
                        .replace("false", "true")),
                Direction.WRITTEN))
        .containsExactly(
            "/ required: age no longer required",
            "/ additionalProperties: opened",
            "/properties/age type: [integer] -> [string]",
            "/properties/age minimum: 0 -> none",
            "/properties/code enum: values added [C]",
            "/properties/name maxLength: 1024 -> 2048");
  }

  @Test
  void shouldLetWhatIsReadWidenButNotNarrow() throws IOException {
    String input = OUTPUT.replace("false", "true");
    JsonNode before = json(input);
    assertThat(
            SchemaCompatibility.breaks(
                before,
                json(
                    input
                        .replace("1024", "2048")
                        .replace("[\"A\", \"B\"]", "[\"A\", \"B\", \"C\"]")),
                Direction.READ))
        .isEmpty();
    assertThat(
            SchemaCompatibility.breaks(
                before,
                json(
                    input
                        .replace("[\"name\", \"age\"]", "[\"name\", \"age\", \"code\"]")
                        .replace("1024", "100")
                        .replace("[\"A\", \"B\"]", "[\"A\"]")
                        .replace("true", "false")),
                Direction.READ))
        .containsExactly(
            "/ required: code now required",
            "/ additionalProperties: closed",
            "/properties/code enum: values removed [B]",
            "/properties/name maxLength: 1024 -> 100");
  }
}
