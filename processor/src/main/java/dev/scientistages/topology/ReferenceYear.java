package dev.scientistages.topology;

import java.time.Instant;
import java.time.LocalDate;
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
  final class RecordTime implements ReferenceYear {
    /** A year and its bounds in epoch milliseconds, from inclusive, until exclusive. */
    private record Year(int year, long fromMs, long untilMs) {}

    // Records arrive roughly in time order: most fall in the year before, so a date is built
    // only when a record leaves it. Stream threads share it; a race only computes a year twice.
    private volatile Year last = new Year(0, 0, 0);

    @Override
    public int at(long timestampMs) {
      Year y = last;
      if (timestampMs >= y.fromMs() && timestampMs < y.untilMs()) {
        return y.year();
      }
      int year = Instant.ofEpochMilli(timestampMs).atZone(ZoneOffset.UTC).getYear();
      last = new Year(year, startOf(year), startOf(year + 1));
      return year;
    }

    private static long startOf(int year) {
      return LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RecordTime;
    }

    @Override
    public int hashCode() {
      return RecordTime.class.hashCode();
    }

    @Override
    public String toString() {
      return RECORD_TIME;
    }
  }
}
