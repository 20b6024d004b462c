package dev.scientistages.cli;

/**
 * A picocli command that another jar adds to the command line: the local toolkit's {@code demo},
 * the benchmark's {@code bench}. Registered in {@code META-INF/services}, so that the processor's
 * own jar lists only its own verbs.
 */
public interface Verb {}
