package dev.scientistages.support;

/** What the suites' own clients, the load and the watch that times it, share. */
final class Instruments {
  /**
   * A silent broker is given up after 5 s, not the client default of 30 s, so that the load sends
   * on and the watch reads on from a partition's new leader soon: otherwise the instruments' own
   * wait would count as the processor's stall (docs/reliability.md, "Faults on a replicated
   * cluster").
   */
  static final String REQUEST_TIMEOUT_MS = "5000";

  private Instruments() {}
}
