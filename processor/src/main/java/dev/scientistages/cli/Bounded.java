package dev.scientistages.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for numeric options that refuse what makes no sense (a negative count, a port out of
 * range) while the command line is parsed, before a verb does any work; {@link UsageErrors} puts
 * the option's name in front of their message.
 */
public final class Bounded {
  private Bounded() {}

  /** A count or a number of threads: a whole number of 1 or more. */
  public static final class Count implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return Math.toIntExact(atLeastOne(value, Integer.MAX_VALUE));
    }
  }

  /** A count that may go past an int: a whole number of 1 or more. */
  public static final class LongCount implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return atLeastOne(value, Long.MAX_VALUE);
    }
  }

  /** A TCP port, 0 meaning any free one. */
  public static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int port = Integer.parseInt(value.strip());
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // falls through
      }
      throw new TypeConversionException("'" + value + "' is not a port from 0 to 65535");
    }
  }

  /** A rate, per second: a number above 0. */
  public static final class Rate implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        double rate = Double.parseDouble(value.strip());
        if (rate > 0 && Double.isFinite(rate)) {
          return rate;
        }
      } catch (NumberFormatException e) {
        // falls through
      }
      throw new TypeConversionException("'" + value + "' is not a number above 0");
    }
  }

  private static long atLeastOne(String value, long max) {
    long n;
    try {
      n = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      throw new TypeConversionException("'" + value + "' is not a whole number of 1 or more");
    }
    if (n > max) {
      throw new TypeConversionException("'" + value + "' is more than " + max);
    }
    return n;
  }
}
