package dev.scientistages.reliability;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The suites' comma-separated system properties, e.g. {@code -Dfaults.broker=KEY=VALUE,...}. */
final class RunProperties {
  private RunProperties() {}

  /** The property's entries, blanks left out. */
  static List<String> list(String property) {
    return Arrays.stream(System.getProperty(property, "").split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** The property's KEY=VALUE entries, in order; an entry that is not one fails, named. */
  static Map<String, String> pairs(String property) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String entry : list(property)) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("-D" + property + ": '" + entry + "' is not KEY=VALUE");
      }
      pairs.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
    }
    return Collections.unmodifiableMap(pairs);
  }
}
