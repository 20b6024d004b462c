package dev.scientistages.redrive;

/** A redrive's selection cannot be used; the message names the option. */
public final class InvalidSelectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidSelectionException(String message) {
    super(message);
  }
}
