package dev.scientistages.config;

/** A setting that cannot be used; the message names the setting and what is allowed. */
public final class InvalidSettingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String setting;

  public InvalidSettingException(String setting, String message) {
    super("Invalid setting '" + setting + "': " + message);
    this.setting = setting;
  }

  public String setting() {
    return setting;
  }
}
