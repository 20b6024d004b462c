package dev.scientistages.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scientistages.serde.JsonSerde;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Input lines as producers send them: the classic scientists, generated ones, keys by name. */
public final class ScientistLines {
  /** The classic example's seven scientists, in its order. */
  public static final String[] CLASSIC = {
    "{\"name\": \"Ada Lovelace\", \"born\": 1815}",
    "{\"name\": \"Emmy Noether\", \"born\": 1882}",
    "{\"name\": \"Marie Curie\", \"born\": 1867}",
    "{\"name\": \"Tu Youyou\", \"born\": 1930}",
    "{\"name\": \"Ada Yonath\", \"born\": 1939}",
    "{\"name\": \"Vera Rubin\", \"born\": 1928}",
    "{\"name\": \"Sally Ride\", \"born\": 1951}"
  };

  private ScientistLines() {}

  /**
   * The record key for a line: its {@code name} when the line is a JSON object with a string name,
   * else null (the line is still sent; the processor dead-letters what it cannot read).
   */
  public static String keyOf(String line) {
    return keyOf(utf8(line));
  }

  /** As {@link #keyOf(String)}, for a line of raw bytes. */
  public static String keyOf(byte[] line) {
    try {
      JsonNode node = JsonSerde.MAPPER.readTree(line);
      if (node != null && node.isObject() && node.path("name").isTextual()) {
        return node.get("name").asText();
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON: no key.
    }
    return null;
  }

  /** The n-th synthetic scientist (0-based) of a run seeded with {@code seed}: stable. */
  public static String generated(long seed, long n) {
    int born = 1600 + new SplittableRandom(seed * 1_000_003L + n).nextInt(400);
    return "{\"name\":\"" + generatedName(n) + "\",\"born\":" + born + "}";
  }

  public static String generatedName(long n) {
    return String.format("Scientist %09d", n);
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
