package dev.scientistages.support;

/** One record for the input topic: raw key and value bytes (either may be null), and its fate. */
public record InputRecord(byte[] key, byte[] value, Expectation expectation) {}
