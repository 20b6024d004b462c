package dev.scientistages.topics;

/** The application's topics cannot be made ready. */
public final class TopicSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TopicSetupException(String message) {
    super(message);
  }

  public TopicSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
