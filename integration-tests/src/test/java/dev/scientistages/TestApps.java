package dev.scientistages;

import dev.scientistages.config.Settings;
import dev.scientistages.runtime.ProcessorService;
import dev.scientistages.support.ProcessorFleet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings for one test's processor: its own application id, topics named after it and state
 * directory, so tests sharing a broker never see each other's records; reference year 2017.
 */
public final class TestApps {
  private TestApps() {}

  /** The settings of app {@code app}, with {@code overrides} (key, value, key, value...) last. */
  public static Settings settings(String app, Path stateDir, String... overrides) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("application.id", app);
    m.put(Settings.INPUT_TOPIC, app + ".scientists");
    m.put(Settings.OUTPUT_TOPIC, app + ".ages");
    m.put(Settings.DEAD_LETTER_TOPIC, app + ".dlq");
    m.put(Settings.REFERENCE_YEAR, "2017");
    m.put(Settings.HTTP_PORT, "off");
    m.put("state.dir", stateDir.resolve(app).toString());
    for (int i = 0; i + 1 < overrides.length; i += 2) {
      m.put(overrides[i], overrides[i + 1]);
    }
    return Settings.of(m);
  }

  /** Creates the topics of a fleet from the topic files, as the application does at start-up. */
  public static ProcessorFleet.Topics ensureTopics(
      ProcessorFleet.Topics topics, String bootstrapServers) {
    ProcessorService.ensureTopics(
        Settings.of(
            Map.of(
                Settings.INPUT_TOPIC, topics.input(),
                Settings.OUTPUT_TOPIC, topics.output(),
                Settings.DEAD_LETTER_TOPIC, topics.deadLetters())),
        bootstrapServers);
    return topics;
  }
}
