package dev.scientistages.redrive;

import dev.scientistages.deadletter.Reason;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which dead letters a redrive selects: by reason code, by key, and from/until a time (the dead
 * letter's timestamp, which is its original record's) or an offset per partition of the dead-letter
 * topic. Empty sets and absent bounds select everything; {@code from} is inclusive, {@code until}
 * exclusive.
 *
 * @param anyTopic whether a target was given ({@code --to}): then dead letters without a source
 *     topic header can be sent too
 */
public record RedriveSelection(
    Set<String> reasons, Set<String> keys, Bound from, Bound until, boolean anyTopic) {

  /** A bound of the selection: a time, or an offset per partition (partitions not named: none). */
  public sealed interface Bound permits Time, Offsets {}

  /** Dead letters whose timestamp is at or after (from) / before (until) this instant. */
  public record Time(Instant at) implements Bound {}

  /** Dead letters at or after (from) / before (until) these offsets, by partition. */
  public record Offsets(Map<Integer, Long> byPartition) implements Bound {
    public Offsets {
      byPartition = Map.copyOf(byPartition);
    }
  }

  public RedriveSelection {
    reasons = Set.copyOf(reasons);
    keys = Set.copyOf(keys);
    if (from instanceof Time f && until instanceof Time u && !f.at().isBefore(u.at())) {
      throw new InvalidSelectionException(
          "--until: " + u.at() + " is not after --from " + f.at() + ": nothing would be selected");
    }
  }

  /** Everything there is (dead letters without a source topic header only with a target). */
  public static RedriveSelection everything(boolean anyTopic) {
    return new RedriveSelection(Set.of(), Set.of(), null, null, anyTopic);
  }

  /**
   * The reason codes of {@code --reason} (each value may hold several, comma-separated).
   *
   * @throws InvalidSelectionException naming the option, for a code that is not a {@link Reason}
   */
  public static Set<String> parseReasons(Collection<String> values) {
    Set<String> codes = new TreeSet<>();
    Set<String> known =
        Arrays.stream(Reason.values())
            .map(Reason::name)
            .collect(Collectors.toCollection(TreeSet::new));
    for (String value : values) {
      for (String part : value.split(",", -1)) {
        String code = part.strip().toUpperCase(Locale.ROOT);
        if (!known.contains(code)) {
          throw new InvalidSelectionException(
              "--reason: '" + part.strip() + "' is not a reason code; the codes are " + known);
        }
        codes.add(code);
      }
    }
    return codes;
  }

  /**
   * A bound as given to {@code --from} or {@code --until}: a time ({@code 2024-05-01T12:00:00Z},
   * with any UTC offset, or a date, {@code 2024-05-01}, meaning its start in UTC) or offsets by
   * partition ({@code 0:120,3:7}).
   *
   * @throws InvalidSelectionException naming the option when it is neither
   */
  public static Bound parseBound(String option, String text) {
    String v = text.strip();
    if (v.matches("\\d+:\\d+(,\\d+:\\d+)*")) {
      Map<Integer, Long> offsets = new TreeMap<>();
      for (String part : v.split(",")) {
        String[] pq = part.split(":");
        try {
          if (offsets.put(Integer.parseInt(pq[0]), Long.parseLong(pq[1])) != null) {
            throw new InvalidSelectionException(
                option + ": partition " + pq[0] + " is named twice in '" + text + "'");
          }
        } catch (NumberFormatException e) {
          throw new InvalidSelectionException(
              option + ": '" + part + "' is out of range for PARTITION:OFFSET");
        }
      }
      return new Offsets(offsets);
    }
    try {
      return new Time(OffsetDateTime.parse(v).toInstant());
    } catch (DateTimeException e) {
      // not a date-time: a date?
    }
    try {
      return new Time(LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      throw new InvalidSelectionException(
          option
              + ": '"
              + text
              + "' is neither a time (2024-05-01T12:00:00Z, or a date: 2024-05-01, UTC) nor"
              + " offsets by partition (PARTITION:OFFSET[,PARTITION:OFFSET...], e.g. 0:120,3:7)");
    }
  }

  /** Fails when a bound names a partition the dead-letter topic does not have. */
  public void checkPartitions(String topic, int partitions) {
    checkPartitions("--from", from, topic, partitions);
    checkPartitions("--until", until, topic, partitions);
  }

  private static void checkPartitions(String option, Bound bound, String topic, int partitions) {
    if (bound instanceof Offsets offsets) {
      for (int p : offsets.byPartition().keySet()) {
        if (p >= partitions) {
          throw new InvalidSelectionException(
              option
                  + ": '"
                  + topic
                  + "' has no partition "
                  + p
                  + " (it has "
                  + partitions
                  + ", from 0)");
        }
      }
    }
  }

  /** True when nothing narrows the selection (reason, key, from, until). */
  public boolean isEverything() {
    return reasons.isEmpty() && keys.isEmpty() && from == null && until == null;
  }

  /** The offset this selection stops before in a partition, if an offset bound says so. */
  public long untilOffset(int partition) {
    return until instanceof Offsets o
        ? o.byPartition().getOrDefault(partition, Long.MAX_VALUE)
        : Long.MAX_VALUE;
  }

  /** This selection as it applies to one partition: what a redrive position records. */
  public PartitionSelection forPartition(int partition) {
    return new PartitionSelection(
        reasons,
        keys,
        from instanceof Time t ? t.at().toEpochMilli() : null,
        until instanceof Time t ? t.at().toEpochMilli() : null,
        from instanceof Offsets o ? o.byPartition().get(partition) : null,
        until instanceof Offsets o ? o.byPartition().get(partition) : null,
        anyTopic);
  }

  /** For the summary: what was selected, in the options' words. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    parts.add(reasons.isEmpty() ? "every reason" : "reason " + String.join(",", reasons));
    if (!keys.isEmpty()) {
      parts.add("key " + keys.stream().sorted().map(k -> "'" + k + "'").toList());
    }
    if (from != null) {
      parts.add("from " + describe(from));
    }
    if (until != null) {
      parts.add("until " + describe(until));
    }
    return String.join(", ", parts);
  }

  private static String describe(Bound bound) {
    if (bound instanceof Time t) {
      return t.at().toString();
    }
    return ((Offsets) bound)
        .byPartition().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + ":" + e.getValue())
            .collect(Collectors.joining(","));
  }
}
