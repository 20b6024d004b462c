package dev.scientistages.deadletter;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.List;

/**
 * Why a record went to the dead-letter topic: a stable code, written in the header {@value
 * DeadLetterHeaders#REASON} of every dead-letter record. Codes are part of the interface: add new
 * ones, never rename. Each code's meaning: docs/reliability.md.
 */
public enum Reason {
  /** The value is not JSON: bad syntax, invalid UTF-8, empty, or more than one value. */
  MALFORMED_JSON,
  /** The value is JSON but not an object: an array, number, string, boolean or {@code null}. */
  NOT_AN_OBJECT,
  /** The record has no value at all (a tombstone). */
  NULL_VALUE,
  /** {@code name} is missing, null or blank. */
  MISSING_NAME,
  /** {@code name} is not a JSON string. */
  NAME_NOT_A_STRING,
  /**
   * {@code name} is longer than {@link dev.scientistages.topology.AgeCalculator#MAX_NAME_LENGTH}.
   */
  NAME_TOO_LONG,
  /** {@code born} is missing or null. */
  MISSING_BORN,
  /** {@code born} is not a whole number from 1 up: a string, a fraction, negative, out of range. */
  BORN_NOT_A_YEAR,
  /** {@code born} is later than the reference year: the age would be negative. */
  BORN_AFTER_REFERENCE_YEAR,
  /** Anything else: a failure that is not about the record's content (a bug, say). */
  UNEXPECTED_ERROR;

  /** The reason for a failure, from the first cause in the chain that tells one. */
  public static Reason of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidScientistException invalid) {
        return invalid.reason();
      }
      if (t instanceof JacksonException jackson) {
        return ofJson(jackson);
      }
    }
    return UNEXPECTED_ERROR;
  }

  private static Reason ofJson(JacksonException e) {
    if (!(e instanceof MismatchedInputException mismatch)) {
      return MALFORMED_JSON;
    }
    List<JsonMappingException.Reference> path = mismatch.getPath();
    if (path.isEmpty()) {
      return NOT_AN_OBJECT;
    }
    String field = path.get(0).getFieldName();
    if ("born".equals(field)) {
      return BORN_NOT_A_YEAR;
    }
    if ("name".equals(field)) {
      return NAME_NOT_A_STRING;
    }
    return MALFORMED_JSON;
  }
}
