package dev.scientistages;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The year ages are counted to: a fixed year, or the UTC year of each record's timestamp ({@code
 * record-time}), so that replaying the same input gives the same output whenever it runs.
 */
public sealed interface ReferenceYear {
  /** The setting's value that selects {@link RecordTime}. */
  String RECORD_TIME = "record-time";

  int MIN = 1;
  int MAX = 9999;

  /** The reference year for a record with this timestamp (epoch milliseconds). */
  int at(long timestampMs);

  /**
   * Parses the setting: {@code record-time} or a year from {@value #MIN} to {@value #MAX}.
   *
   * @throws IllegalArgumentException saying what is allowed
   */
  static ReferenceYear parse(String value) {
    String v = value.strip();
    if (v.equalsIgnoreCase(RECORD_TIME)) {
      return new RecordTime();
    }
    try {
      int year = Integer.parseInt(v);
      if (year >= MIN && year <= MAX) {
        return new Fixed(year);
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "'" + value + "' is neither " + RECORD_TIME + " nor a year from " + MIN + " to " + MAX);
  }

  /** Every record is measured against the same year. */
  record Fixed(int year) implements ReferenceYear {
    @Override
    public int at(long timestampMs) {
      return year;
    }

    @Override
    public String toString() {
      return Integer.toString(year);
    }
  }

  /** Each record is measured against the UTC year of its own timestamp. */
  record RecordTime() implements ReferenceYear {
    @Override
    public int at(long timestampMs) {
      return Instant.ofEpochMilli(timestampMs).atZone(ZoneOffset.UTC).getYear();
    }

    @Override
    public String toString() {
      return RECORD_TIME;
    }
  }
}
