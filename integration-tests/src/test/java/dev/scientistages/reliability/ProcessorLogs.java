package dev.scientistages.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What one processor slot logged over all its lives (standard error of each run, as {@code
 * ProcessorFleet} names the files): its WARN and ERROR lines, counted and grouped by kind.
 */
record ProcessorLogs(int slot, int lives, List<String> warnings, List<String> errors) {
  // The plain layout: "%d{ISO8601} %-5level [%t] %c{1} - %msg".
  private static final Pattern LINE =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+ (WARN|ERROR)\\s+\\[[^]]*] (.*)$");

  static ProcessorLogs of(Path dir, String app, int slot) {
    List<String> warnings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int lives = 0;
    for (int life = 1; ; life++) {
      Path file = dir.resolve(app + "-" + slot + "-" + life + ".stderr");
      if (!Files.exists(file)) {
        break;
      }
      lives = life;
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          Matcher m = LINE.matcher(line);
          if (m.matches()) {
            (m.group(1).equals("WARN") ? warnings : errors).add(m.group(2));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ProcessorLogs(slot, lives, warnings, errors);
  }

  /** How many lines, WARN or ERROR, contain {@code text}. */
  long count(String text) {
    return warnings.stream().filter(l -> l.contains(text)).count()
        + errors.stream().filter(l -> l.contains(text)).count();
  }

  /**
   * The WARN and ERROR lines by kind (logger and the message's first words, numbers blanked), most
   * frequent first: what a storm would be made of.
   */
  Map<String, Long> kinds() {
    Map<String, Long> kinds =
        new TreeMap<>(
            Stream.concat(warnings.stream(), errors.stream())
                .map(ProcessorLogs::kind)
                .collect(Collectors.groupingBy(k -> k, Collectors.counting())));
    return kinds.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(6)
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }

  private static String kind(String line) {
    // Client and thread names in brackets say who, not what.
    String s = line.replaceAll("\\[[^]]*]", "[]").replaceAll("[0-9]+", "N");
    return s.length() > 80 ? s.substring(0, 80) : s;
  }

  @Override
  public String toString() {
    return String.format(
        "instance %d (%d %s): %d WARN, %d ERROR %s",
        slot, lives, lives == 1 ? "life" : "lives", warnings.size(), errors.size(), kinds());
  }
}
