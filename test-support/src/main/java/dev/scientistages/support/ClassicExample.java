package dev.scientistages.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The classic example's seven scientists and their ages with the reference year 2017, one JSON line
 * each, in input order: the files under {@code classic/} of this kit, which the README's tour also
 * produces.
 */
public final class ClassicExample {
  private ClassicExample() {}

  /** The input lines, {@code {"name": "Ada Lovelace", "born": 1815}} and so on. */
  public static List<String> scientists() {
    return lines("/classic/scientists.jsonl");
  }

  /** The expected output lines, {@code {"name":"Ada Lovelace","age":202}} and so on. */
  public static List<String> ages2017() {
    return lines("/classic/ages-2017.jsonl");
  }

  private static List<String> lines(String resource) {
    try (InputStream in = ClassicExample.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + resource + " on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
