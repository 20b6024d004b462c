package dev.scientistages.cli;

import dev.scientistages.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options of every verb that talks to Kafka: where the settings come from, which cluster. */
public final class KafkaOptions {
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

  @Mixin SettingsOptions sources;

  @Spec(Spec.Target.MIXEE)
  CommandSpec verb;

  /** The settings given with {@code -s KEY=VALUE}, as given (the last of a key wins). */
  public Map<String, String> setFlags() {
    return sources.setFlags();
  }

  /** Whether {@code --embedded-port} was given. */
  public boolean embeddedPortGiven() {
    return embeddedPort != null;
  }

  /** The settings: defaults ← --config file ← environment ← these flags ← a verb's own flags. */
  public Settings settings(Map<String, String> verbFlags) {
    Map<String, String> flags = new LinkedHashMap<>();
    if (bootstrapServers != null) {
      flags.put("bootstrap.servers", bootstrapServers);
    }
    if (embeddedPort != null) {
      flags.put(Settings.EMBEDDED_PORT, embeddedPort.toString());
    }
    flags.putAll(DataDirOption.flags(verb));
    flags.putAll(verbFlags);
    return sources.settings(flags);
  }

  /** The configured cluster, or the address where {@code run} puts its embedded broker. */
  public static String clusterOrLocal(Settings settings) {
    return settings.bootstrapServers().orElse("127.0.0.1:" + settings.embeddedPort());
  }
}
