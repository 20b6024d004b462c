package dev.scientistages.support;

/** A finite, reproducible sequence of input records: the n-th is always the same record. */
public interface InputRecords {
  long count();

  InputRecord get(long n);
}
