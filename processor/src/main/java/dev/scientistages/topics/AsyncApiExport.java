package dev.scientistages.topics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The topics as an AsyncAPI 3.0 document: one channel per topic file (address, partitions and
 * configs as Kafka bindings), its message (key, payload and headers, from the JSON Schemas built
 * into the jar under {@value #SCHEMA_DIR}/) and the processor's operations on it, so that a team in
 * another language generates its client from the same source the processor's tests check.
 */
public final class AsyncApiExport {
  /** Where the JSON Schemas sit inside the jar (and, in the repository, {@code contracts/}). */
  public static final String SCHEMA_DIR = "contracts";

  /** The input value, the output value and the dead-letter headers, as the schemas name them. */
  public static final List<String> SCHEMA_FILES =
      List.of(
          "scientist.schema.json", "scientist-age.schema.json", "dead-letter-headers.schema.json");

  private static final String KAFKA_BINDING = "0.5.0";
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());

  private AsyncApiExport() {}

  /**
   * The document, as YAML.
   *
   * @param topics the input, output and dead-letter topics, in that order
   * @param applicationId the consumer group the processor reads in
   * @param version the processor's version, the document's {@code info.version}
   */
  public static String yaml(List<TopicSpec> topics, String applicationId, String version) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("asyncapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "scientist-ages");
    info.put("version", version);
    info.put(
        "description",
        "The topics of the scientist-ages processor: it reads scientists, writes their ages"
            + " and dead-letters what it cannot read or map. See docs/contracts.md.");
    doc.put("defaultContentType", "application/json");

    ObjectNode channels = doc.putObject("channels");
    ObjectNode operations = doc.putObject("operations");
    ObjectNode components = doc.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    ObjectNode messages = components.putObject("messages");
    for (String file : SCHEMA_FILES) {
      JsonNode schema = schema(file);
      schemas.set(schema.path("title").asText(), schema);
    }

    for (TopicSpec topic : topics) {
      Names names = Names.of(topic.role());
      ObjectNode channel = channels.putObject(names.channel());
      channel.put("address", topic.name());
      channel.put("description", names.description());
      channel
          .putObject("messages")
          .putObject(names.message())
          .put("$ref", ref("components", "messages", names.message()));
      channel.putObject("bindings").set("kafka", channelBinding(topic));
      messages.set(names.message(), message(topic.role()));

      ObjectNode operation = operations.putObject(names.operation());
      boolean receive = topic.role() == TopicSpec.Role.INPUT;
      operation.put("action", receive ? "receive" : "send");
      operation.putObject("channel").put("$ref", ref("channels", names.channel()));
      operation.put("summary", names.summary());
      operation
          .putArray("messages")
          .addObject()
          .put("$ref", ref("channels", names.channel(), "messages", names.message()));
      if (receive) {
        ObjectNode binding = operation.putObject("bindings").putObject("kafka");
        binding.putObject("groupId").put("type", "string").putArray("enum").add(applicationId);
        binding.put("bindingVersion", KAFKA_BINDING);
      }
    }
    try {
      return "# Printed by `topics export --format asyncapi` from topics/ and contracts/. Change\n"
          + "# those and print it again; do not edit it here.\n"
          + YAML.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the AsyncAPI document", e);
    }
  }

  /** A schema file built into the jar, parsed. */
  public static JsonNode schema(String file) {
    String resource = SCHEMA_DIR + "/" + file;
    try (InputStream in = AsyncApiExport.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no schema built in (resource " + resource + ")");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in schema " + resource, e);
    }
  }

  private static ObjectNode channelBinding(TopicSpec topic) {
    ObjectNode kafka = JsonNodeFactory.instance.objectNode();
    kafka.put("topic", topic.name());
    kafka.put("partitions", topic.partitions());
    topic.replicationFactor().ifPresent(r -> kafka.put("replicas", r));
    if (!topic.configs().isEmpty()) {
      ObjectNode configs = kafka.putObject("topicConfiguration");
      new TreeMap<>(topic.configs())
          .forEach(
              (k, v) -> {
                if (k.equals("cleanup.policy")) {
                  ArrayNode policies = configs.putArray(k);
                  for (String p : v.split(",")) {
                    policies.add(p.strip());
                  }
                } else if (WHOLE_NUMBER.matcher(v).matches()) {
                  configs.put(k, Long.parseLong(v));
                } else {
                  configs.put(k, v);
                }
              });
    }
    kafka.put("bindingVersion", KAFKA_BINDING);
    return kafka;
  }

  private static ObjectNode message(TopicSpec.Role role) {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    switch (role) {
      case INPUT -> {
        m.put("name", "Scientist");
        m.put("title", "A scientist");
        m.put("contentType", "application/json");
        m.putObject("payload").put("$ref", ref("components", "schemas", "Scientist"));
        key.put("type", "string");
        key.put(
            "description",
            "The scientist's name, UTF-8 (by convention: the processor reads only the value and"
                + " passes the key through byte for byte).");
      }
      case OUTPUT -> {
        m.put("name", "ScientistAge");
        m.put("title", "A scientist's age");
        m.put("contentType", "application/json");
        m.put(
            "description",
            "Timestamp and headers are the input record's. Written in transactions under"
                + " exactly_once_v2: read with isolation.level=read_committed.");
        m.putObject("payload").put("$ref", ref("components", "schemas", "ScientistAge"));
        key.put("type", "string");
        key.put("description", "The input record's key, byte for byte.");
      }
      case DEAD_LETTER -> {
        m.put("name", "DeadLetter");
        m.put("title", "An input record that could not be read or mapped");
        m.put("contentType", "application/octet-stream");
        m.put(
            "description",
            "The input record's key, value, timestamp and headers, byte for byte, with the error"
                + " headers on top.");
        m.putObject("headers").put("$ref", ref("components", "schemas", "DeadLetterHeaders"));
        m.putObject("payload")
            .put("description", "The input record's value, byte for byte (none for a tombstone).");
        key.put("description", "The input record's key, byte for byte.");
      }
      default -> throw new IllegalArgumentException("no message for role " + role);
    }
    ObjectNode kafka = m.putObject("bindings").putObject("kafka");
    kafka.set("key", key);
    kafka.put("bindingVersion", KAFKA_BINDING);
    return m;
  }

  /** How the document names a role's channel, message and operation, and what it says of them. */
  private record Names(
      String channel, String message, String operation, String description, String summary) {
    static Names of(TopicSpec.Role role) {
      return switch (role) {
        case INPUT ->
            new Names(
                "scientists",
                "scientist",
                "readScientists",
                "The input: scientists, written by other teams' producers.",
                "The processor reads every scientist.");
        case OUTPUT ->
            new Names(
                "ages",
                "scientistAge",
                "writeAges",
                "The output: each readable scientist's age, key and timestamp kept.",
                "The processor writes one age for each scientist it can map.");
        case DEAD_LETTER ->
            new Names(
                "deadLetters",
                "deadLetter",
                "writeDeadLetters",
                "The dead letters: each input record that could not be read or mapped.",
                "The processor writes each record it cannot read or map, with a reason.");
      };
    }
  }

  private static String ref(String... path) {
    return "#/" + String.join("/", path);
  }
}
