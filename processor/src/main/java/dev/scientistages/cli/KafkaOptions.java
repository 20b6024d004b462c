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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** The options every verb shares: where the settings come from and which cluster to use. */
public final class KafkaOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file of settings (Kafka properties and ages.* settings).")
  Path config;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      paramLabel = "HOST:PORT[,...]",
      description =
          "Kafka cluster to use (bootstrap.servers, env KAFKA_BOOTSTRAP_SERVERS). Without it,"
              + " run and demo start an embedded broker; the other verbs use"
              + " 127.0.0.1:<ages.embedded.port>.")
  String bootstrapServers;

  @Option(
      names = "--embedded-port",
      paramLabel = "PORT",
      converter = Bounded.Port.class,
      descriptionKey = "embedded-port",
      description = "Port of the embedded broker (ages.embedded.port, default 9092; 0 = any free).")
  Integer embeddedPort;

  @Option(
      names = {"-s", "--set"},
      paramLabel = "KEY=VALUE",
      converter = KeyValue.class,
      description = "Any setting, e.g. -s linger.ms=5 -s ages.topics.create=false.")
  List<String> set = new ArrayList<>();

  @Spec(Spec.Target.MIXEE)
  CommandSpec verb;

  /** The settings given with {@code -s KEY=VALUE}, as given (the last of a key wins). */
  public Map<String, String> setFlags() {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String keyValue : set) {
      int eq = keyValue.indexOf('=');
      flags.put(keyValue.substring(0, eq), keyValue.substring(eq + 1));
    }
    return Collections.unmodifiableMap(flags);
  }

  /** Whether {@code --embedded-port} was given. */
  public boolean embeddedPortGiven() {
    return embeddedPort != null;
  }

  /** The settings: defaults ← --config file ← environment ← these flags ← a verb's own flags. */
  public Settings settings(Map<String, String> verbFlags) {
    Map<String, String> flags = new LinkedHashMap<>(setFlags());
    if (bootstrapServers != null) {
      flags.put("bootstrap.servers", bootstrapServers);
    }
    if (embeddedPort != null) {
      flags.put(Settings.EMBEDDED_PORT, embeddedPort.toString());
    }
    flags.putAll(DataDirOption.flags(verb));
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

  /** The configured cluster, or the address where {@code run} puts its embedded broker. */
  public static String clusterOrLocal(Settings settings) {
    return settings.bootstrapServers().orElse("127.0.0.1:" + settings.embeddedPort());
  }
}
