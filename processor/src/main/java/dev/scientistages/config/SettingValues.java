package dev.scientistages.config;

import dev.scientistages.topology.ReferenceYear;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.streams.StreamsConfig;

/** The settings' value parsers: each returns the value, or fails naming the setting and why. */
final class SettingValues {
  private SettingValues() {}

  static int positiveInt(String key, Map<String, String> m) {
    String v = m.get(key);
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new InvalidSettingException(key, "'" + v + "' is not a whole number of 1 or more");
  }

  static String topicName(String key, String name) {
    try {
      Topic.validate(name);
      return name;
    } catch (InvalidTopicException e) {
      throw new InvalidSettingException(key, e.getMessage());
    }
  }

  static ReferenceYear parseReferenceYear(String v) {
    try {
      return ReferenceYear.parse(v);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(Settings.REFERENCE_YEAR, e.getMessage());
    }
  }

  static boolean parseGuarantee(String guarantee) {
    if (!Set.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE).contains(guarantee)) {
      throw new InvalidSettingException(
          StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
          "'"
              + guarantee
              + "' is not one of "
              + StreamsConfig.EXACTLY_ONCE_V2
              + ", "
              + StreamsConfig.AT_LEAST_ONCE);
    }
    return StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee);
  }

  static boolean parseBoolean(String key, String value) {
    String v = value.strip();
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new InvalidSettingException(key, "'" + v + "' is neither true nor false");
  }

  static int parsePort(String key, String value) {
    String v = value.strip();
    try {
      int port = Integer.parseInt(v);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    String also = key.equals(Settings.HTTP_PORT) ? " nor off" : "";
    throw new InvalidSettingException(
        key,
        "'"
            + v
            + "' is "
            + (also.isEmpty() ? "not" : "neither")
            + " a port from 0 to 65535"
            + also);
  }

  /** An address of this machine's to listen on, as a literal or a name that resolves. */
  static InetAddress parseHost(String key, String value) {
    String v = value.strip();
    // An IPv6 literal, or a name or IPv4 literal: anything else is refused before a DNS lookup.
    if (v.contains(":") || v.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
      try {
        return InetAddress.getByName(v);
      } catch (UnknownHostException e) {
        // falls through
      }
    }
    throw new InvalidSettingException(
        key,
        "'"
            + v
            + "' is no address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every"
            + " interface), or another address or name of this machine");
  }

  static String parseLogFormat(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("plain") || v.equals("json")) {
      return v;
    }
    throw new InvalidSettingException(Settings.LOG_FORMAT, "'" + v + "' is neither plain nor json");
  }

  static Optional<Path> optionalPath(String value) {
    String v = value.strip();
    return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
  }
}
