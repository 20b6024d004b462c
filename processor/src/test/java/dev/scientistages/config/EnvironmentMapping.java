package dev.scientistages.config;

import java.util.Map;

/** Test access to the settings' environment mapping ({@link SettingSources#fromEnvironment}). */
public final class EnvironmentMapping {
  private EnvironmentMapping() {}

  /** The settings these environment variables give, by key, as the application reads them. */
  public static Map<String, String> keysOf(Map<String, String> environment) {
    return SettingSources.fromEnvironment(environment);
  }
}
