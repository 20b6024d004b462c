package dev.scientistages.support;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The topics' contracts as a consumer in another language holds them: the JSON Schemas of {@code
 * contracts/} (draft 2020-12), applied by a validator of their own, and the reason code each rule
 * stands for (docs/contracts.md). The processor's tests hold its checks to these verdicts, and the
 * integration tests validate every output and dead letter they read.
 */
public final class TopicContracts {
  /** One schema file of {@code contracts/}. */
  public enum Contract {
    /** The value of an input record. */
    INPUT("scientist.schema.json"),
    /** The value of an output record. */
    OUTPUT("scientist-age.schema.json"),
    /** The headers of a dead-letter record, as an object of their UTF-8 texts. */
    DEAD_LETTER_HEADERS("dead-letter-headers.schema.json");

    private final String file;

    Contract(String file) {
      this.file = file;
    }

    public String file() {
      return file;
    }
  }

  /** Reads JSON as a consumer would: one value; Jackson's default limits on depth and numbers. */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private static final Map<Contract, JsonNode> FILES = new EnumMap<>(Contract.class);
  private static final Map<Contract, Schema> SCHEMAS = new EnumMap<>(Contract.class);

  static {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    for (Contract c : Contract.values()) {
      String resource = "/contracts/" + c.file();
      try (InputStream in = TopicContracts.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("no resource " + resource + " (the pom copies it)");
        }
        JsonNode node = JSON.readTree(in);
        FILES.put(c, node);
        SCHEMAS.put(c, registry.getSchema(node));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
  }

  private TopicContracts() {}

  /** The schema file, parsed. */
  public static JsonNode schema(Contract contract) {
    return FILES.get(contract).deepCopy();
  }

  /** What the schema finds wrong with {@code instance}: empty when it is valid. */
  public static List<String> violations(Contract contract, JsonNode instance) {
    return SCHEMAS.get(contract).validate(instance).stream().map(Error::toString).toList();
  }

  /**
   * The reason code the input contract gives a record value, or empty when the contract accepts it:
   * no value is {@code NULL_VALUE}; anything but one JSON value in well-formed UTF-8 is {@code
   * MALFORMED_JSON}; else the first rule of the schema it breaks, in the processor's order (the
   * shape, then name, then born).
   */
  public static Optional<String> inputReason(byte[] value) {
    if (value == null) {
      return Optional.of("NULL_VALUE");
    }
    JsonNode node = json(value);
    if (node == null) {
      return Optional.of("MALFORMED_JSON");
    }
    List<Error> errors = SCHEMAS.get(Contract.INPUT).validate(node);
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    String best = null;
    for (Error e : errors) {
      String reason = reasonOf(e, node);
      if (best == null || ORDER.indexOf(reason) < ORDER.indexOf(best)) {
        best = reason;
      }
    }
    return Optional.of(best);
  }

  private static final List<String> ORDER =
      List.of(
          "NOT_AN_OBJECT",
          "MISSING_NAME",
          "NAME_NOT_A_STRING",
          "NAME_TOO_LONG",
          "MISSING_BORN",
          "BORN_NOT_A_YEAR",
          "UNEXPECTED_ERROR");

  private static String reasonOf(Error e, JsonNode root) {
    // The field the error is at, whichever path notation the validator writes ($.born, /born).
    String at = e.getInstanceLocation().toString().replaceFirst("^(\\$\\.?|/)", "");
    String keyword = e.getKeyword();
    if ("required".equals(keyword)) {
      return "name".equals(e.getProperty()) ? "MISSING_NAME" : "MISSING_BORN";
    }
    if (at.isEmpty() && "type".equals(keyword)) {
      return "NOT_AN_OBJECT";
    }
    if (at.equals("name")) {
      if (root.path("name").isNull()) {
        return "MISSING_NAME";
      }
      return switch (keyword) {
        case "type" -> "NAME_NOT_A_STRING";
        case "maxLength" -> "NAME_TOO_LONG";
        default -> "MISSING_NAME"; // minLength, pattern: empty or blank
      };
    }
    if (at.equals("born")) {
      return root.path("born").isNull() ? "MISSING_BORN" : "BORN_NOT_A_YEAR";
    }
    return "UNEXPECTED_ERROR";
  }

  /** What the output contract finds wrong with an output value: empty when it is valid. */
  public static List<String> outputViolations(byte[] value) {
    if (value == null) {
      return List.of("no value (a tombstone)");
    }
    JsonNode node = json(value);
    if (node == null) {
      return List.of("not one JSON value in well-formed UTF-8");
    }
    return violations(Contract.OUTPUT, node);
  }

  /** What the dead-letter contract finds wrong with a dead letter's headers. */
  public static List<String> deadLetterViolations(Headers headers) {
    return violations(Contract.DEAD_LETTER_HEADERS, headersAsJson(headers));
  }

  /** Headers as the dead-letter schema sees them: each name's last value, as UTF-8 text. */
  public static ObjectNode headersAsJson(Headers headers) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Header h : headers) {
      if (h.value() == null) {
        out.putNull(h.key());
      } else {
        out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /**
   * Problems of the records read from an output topic and a dead-letter topic, one line each: what
   * a test asserts empty.
   */
  public static List<String> problems(
      Iterable<ConsumerRecord<byte[], byte[]>> outputs,
      Iterable<ConsumerRecord<byte[], byte[]>> deadLetters) {
    List<String> problems = new ArrayList<>();
    for (var r : outputs) {
      for (String v : outputViolations(r.value())) {
        problems.add(where(r) + ": " + v);
      }
    }
    for (var r : deadLetters) {
      for (String v : deadLetterViolations(r.headers())) {
        problems.add(where(r) + ": " + v);
      }
    }
    return problems;
  }

  private static String where(ConsumerRecord<?, ?> r) {
    return r.topic() + "-" + r.partition() + "@" + r.offset();
  }

  /** One JSON value from well-formed UTF-8, or null. */
  private static JsonNode json(byte[] value) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(text);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JacksonException e) {
      return null;
    }
  }
}
