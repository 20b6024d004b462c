package dev.scientistages.deadletter;

/** A record that was read but cannot be mapped; it carries the dead-letter reason. */
public final class InvalidScientistException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Reason reason;

  public InvalidScientistException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
