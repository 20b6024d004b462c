package dev.scientistages.cli;

import dev.scientistages.config.Settings;
import dev.scientistages.runtime.LogFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Where the settings come from: the options of every verb, and all that a verb which connects to no
 * cluster ({@code topics export}) offers.
 */
public final class SettingsOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file of settings (Kafka properties and ages.* settings).")
  Path config;

  @Option(
      names = {"-s", "--set"},
      paramLabel = "KEY=VALUE",
      converter = KeyValue.class,
      description = "Any setting, e.g. -s linger.ms=5 -s ages.topics.create=false.")
  List<String> set = new ArrayList<>();

  /** The settings given with {@code -s KEY=VALUE}, as given (the last of a key wins). */
  public Map<String, String> setFlags() {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String keyValue : set) {
      int eq = keyValue.indexOf('=');
      flags.put(keyValue.substring(0, eq), keyValue.substring(eq + 1));
    }
    return Collections.unmodifiableMap(flags);
  }

  /** The settings: defaults ← --config file ← environment ← these flags ← a verb's own flags. */
  public Settings settings(Map<String, String> verbFlags) {
    Map<String, String> flags = new LinkedHashMap<>(setFlags());
    flags.putAll(verbFlags);
    Settings settings = Settings.load(Optional.ofNullable(config), System.getenv(), flags);
    LogFormat.apply(settings);
    return settings;
  }

  /** {@code -s}'s value: KEY=VALUE with a key, checked as it is parsed. */
  static final class KeyValue implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.indexOf('=') < 1) {
        throw new TypeConversionException("'" + value + "' is not KEY=VALUE");
      }
      return value;
    }
  }
}
