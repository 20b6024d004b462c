package dev.scientistages.runtime;

/**
 * The answer of a health or readiness probe.
 *
 * @param ok whether the probe passes (HTTP 200) or not (503)
 * @param state the streams client's state
 * @param reason why not, when it does not pass
 */
public record Probe(boolean ok, String state, String reason) {
  public static Probe pass(String state) {
    return new Probe(true, state, null);
  }

  public static Probe fail(String state, String reason) {
    return new Probe(false, state, reason);
  }
}
