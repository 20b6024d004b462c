package dev.scientistages.topics;

/** A topic file that cannot be used; the message names the file and what is wrong. */
public final class TopicFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TopicFileException(String message) {
    super("Invalid topic file: " + message);
  }
}
