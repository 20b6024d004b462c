package dev.scientistages.runtime;

import dev.scientistages.config.Settings;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Switches the log format to the one the settings ask for. The logging configuration reads the
 * system property {@value #PROPERTY} (then the environment variable {@code AGES_LOG_FORMAT}); a
 * format set in a file or on the command line is applied here by setting the property and reloading
 * the configuration.
 */
public final class LogFormat {
  static final String PROPERTY = "ages.log.format";

  private LogFormat() {}

  public static void apply(Settings settings) {
    String wanted = settings.logFormat();
    String current =
        System.getProperty(PROPERTY, System.getenv().getOrDefault("AGES_LOG_FORMAT", "plain"));
    if (!wanted.equalsIgnoreCase(current.strip())) {
      System.setProperty(PROPERTY, wanted);
      Configurator.reconfigure();
    }
  }
}
