package dev.scientistages.bench;

/** The kinds of run a bench can make, by the names the options, the table and the JSON use. */
public enum RunKind {
  /** One producer alone, sending the input to a fresh topic: the producer limit. */
  P,
  /** A plain consumer → producer byte copy: the broker's limit for the same threads. */
  B1,
  /** Kafka Streams' identity topology on bytes: Kafka Streams' own cost. */
  B2,
  /** The scientist-ages topology itself. */
  A,
  /** A with a heavy {@code process_item}. */
  C,
  /** End-to-end latency of A at a fixed offered rate. */
  L
}
