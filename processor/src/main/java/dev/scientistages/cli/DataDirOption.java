package dev.scientistages.cli;

import dev.scientistages.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --data-dir}, only on the verbs that can start an embedded broker ({@code run}, {@code
 * demo}, {@code bench}); {@link KafkaOptions} reads it from the verb, so that no verb has to pass
 * it on.
 */
public final class DataDirOption {
  static final String NAME = "--data-dir";

  @Option(
      names = NAME,
      paramLabel = "DIR",
      description =
          "Keep the embedded broker's data in DIR (ages.embedded.data.dir); default: a temporary"
              + " directory removed on exit.")
  Path dataDir;

  /** The setting the verb's {@code --data-dir} gives, if it has the option and it was given. */
  static Map<String, String> flags(CommandSpec verb) {
    OptionSpec option = verb == null ? null : verb.findOption(NAME);
    Object dir = option == null ? null : option.getValue();
    return dir == null ? Map.of() : Map.of(Settings.EMBEDDED_DATA_DIR, dir.toString());
  }
}
