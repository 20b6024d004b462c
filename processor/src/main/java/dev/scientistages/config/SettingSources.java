package dev.scientistages.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where settings come from besides the flags: a properties file, and the environment ({@code
 * KAFKA_X_Y} → {@code x.y}, {@code AGES_X_Y} → {@code ages.x.y}, never the variables of Kafka's
 * start scripts); and back, from a key to the variable that sets it.
 */
final class SettingSources {
  private static final String ENV_OWN_PREFIX = "AGES_";
  private static final String ENV_KAFKA_PREFIX = "KAFKA_";
  private static final Pattern ENV_NAME = Pattern.compile("[A-Z0-9_]+");

  private SettingSources() {}

  /**
   * The environment's settings, by key: {@code KAFKA_X_Y} → {@code x.y}, {@code AGES_X} → ages.x.
   */
  static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> out = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (!ENV_NAME.matcher(name).matches() || Settings.KAFKA_SCRIPT_VARIABLES.contains(name)) {
            return;
          }
          if (name.startsWith(ENV_OWN_PREFIX) && name.length() > ENV_OWN_PREFIX.length()) {
            out.put(Settings.OWN_PREFIX + keyOf(name.substring(ENV_OWN_PREFIX.length())), value);
          } else if (name.startsWith(ENV_KAFKA_PREFIX)
              && name.length() > ENV_KAFKA_PREFIX.length()) {
            out.put(keyOf(name.substring(ENV_KAFKA_PREFIX.length())), value);
          }
        });
    return out;
  }

  /** The environment variable that sets a key: the inverse of {@link #fromEnvironment}. */
  static String environmentVariableOf(String key) {
    String name = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    return key.startsWith(Settings.OWN_PREFIX) ? name : ENV_KAFKA_PREFIX + name;
  }

  private static String keyOf(String envSuffix) {
    return envSuffix.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** The settings of a properties file, keys and values stripped. */
  static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new InvalidSettingException("--config", "cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k.strip(), p.getProperty(k).strip()));
    return out;
  }
}
