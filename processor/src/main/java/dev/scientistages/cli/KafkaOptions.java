package dev.scientistages.cli;

import dev.scientistages.config.Settings;
import dev.scientistages.runtime.LogFormat;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

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
      description = "Port of the embedded broker (ages.embedded.port, default 9092; 0 = any free).")
  Integer embeddedPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep the embedded broker's data in DIR (ages.embedded.data.dir); default: a temporary"
              + " directory removed on exit.")
  Path dataDir;

  @Option(
      names = {"-s", "--set"},
      paramLabel = "KEY=VALUE",
      description = "Any setting, e.g. -s linger.ms=5 -s ages.topics.create=false.")
  Map<String, String> set = new LinkedHashMap<>();

  /** The settings given with {@code -s KEY=VALUE}, as given. */
  public Map<String, String> setFlags() {
    return Collections.unmodifiableMap(set);
  }

  /** Whether {@code --embedded-port} was given. */
  public boolean embeddedPortGiven() {
    return embeddedPort != null;
  }

  /** The settings: defaults ← --config file ← environment ← these flags ← a verb's own flags. */
  public Settings settings(Map<String, String> verbFlags) {
    Map<String, String> flags = new LinkedHashMap<>(set);
    if (bootstrapServers != null) {
      flags.put("bootstrap.servers", bootstrapServers);
    }
    if (embeddedPort != null) {
      flags.put(Settings.EMBEDDED_PORT, embeddedPort.toString());
    }
    if (dataDir != null) {
      flags.put(Settings.EMBEDDED_DATA_DIR, dataDir.toString());
    }
    flags.putAll(verbFlags);
    Settings settings = Settings.load(Optional.ofNullable(config), System.getenv(), flags);
    LogFormat.apply(settings);
    return settings;
  }

  /** The configured cluster, or the address where {@code run} puts its embedded broker. */
  public static String clusterOrLocal(Settings settings) {
    return settings.bootstrapServers().orElse("127.0.0.1:" + settings.embeddedPort());
  }
}
