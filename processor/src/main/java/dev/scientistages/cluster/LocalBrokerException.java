package dev.scientistages.cluster;

/** The local broker could not start; the message says why and what to do. */
public final class LocalBrokerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LocalBrokerException(String message, Throwable cause) {
    super(message, cause);
  }
}
