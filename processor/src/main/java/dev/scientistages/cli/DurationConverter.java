package dev.scientistages.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO; above
 * zero, since every option that takes one waits that long.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    Duration duration = parse(value);
    if (duration.isNegative() || duration.isZero()) {
      throw new TypeConversionException("'" + value + "' is not a duration above zero");
    }
    return duration;
  }

  private static Duration parse(String value) {
    Matcher m = SIMPLE.matcher(value.strip());
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return Duration.parse(value.strip());
    } catch (RuntimeException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration such as 500ms, 30s, 5m, 1h");
    }
  }
}
