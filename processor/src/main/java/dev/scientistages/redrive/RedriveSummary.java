package dev.scientistages.redrive;

import dev.scientistages.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a redrive did (or, dry, would do), counted as it goes; printed at the end. */
public final class RedriveSummary {
  /** How many refused dead letters the summary names one by one; the rest are counted. */
  static final int LISTED = 100;

  /** The counts of one reason and source (or target) topic. */
  public static final class Row {
    long sent;
    long refused;
    long skipped;

    public long sent() {
      return sent;
    }

    public long refused() {
      return refused;
    }

    public long skipped() {
      return skipped;
    }
  }

  private final boolean dryRun;
  private final int maxRedrives;
  private final Map<String, Map<String, Row>> byReasonAndTopic = new TreeMap<>();
  private final List<String> refusedList = new ArrayList<>();
  private long read;
  private long sent;
  private long alreadyHandled;
  private long skipped;
  private long noSourceTopic;
  private long refused;
  private boolean stoppedEarly;

  public RedriveSummary(boolean dryRun, int maxRedrives) {
    this.dryRun = dryRun;
    this.maxRedrives = maxRedrives;
  }

  void addAlreadyHandled() {
    read++;
    alreadyHandled++;
  }

  void addSkipped(ConsumerRecord<byte[], byte[]> r, String topic) {
    read++;
    skipped++;
    row(r, topic).skipped++;
  }

  void addNoSourceTopic(ConsumerRecord<byte[], byte[]> r) {
    read++;
    noSourceTopic++;
    row(r, "(none)").skipped++;
  }

  void addRefused(ConsumerRecord<byte[], byte[]> r, String topic, int redrives) {
    read++;
    refused++;
    row(r, topic).refused++;
    if (refusedList.size() < LISTED) {
      refusedList.add(
          r.topic()
              + "-"
              + r.partition()
              + "@"
              + r.offset()
              + " key "
              + key(r.key())
              + " "
              + reason(r)
              + ", redriven "
              + redrives
              + " time(s)");
    }
  }

  void addSent(ConsumerRecord<byte[], byte[]> r, String topic) {
    read++;
    sent++;
    row(r, topic).sent++;
  }

  void stoppedEarly() {
    stoppedEarly = true;
  }

  /** Dead letters read from the dead-letter topic (every one of them counted once below). */
  public long read() {
    return read;
  }

  /** Sent back (dry: would be). */
  public long sent() {
    return sent;
  }

  /** Handled (sent or refused) by an earlier run, so not again. */
  public long alreadyHandled() {
    return alreadyHandled;
  }

  /** Outside the selection: left for a later run that selects them. */
  public long skipped() {
    return skipped;
  }

  /** Selected but without a source topic header, and no {@code --to}: left, and not sent. */
  public long noSourceTopic() {
    return noSourceTopic;
  }

  /** Selected but refused as loops: redriven {@code --max-redrives} times already. */
  public long refused() {
    return refused;
  }

  public boolean isStoppedEarly() {
    return stoppedEarly;
  }

  /** By reason code (or "(none)"), then topic: the counts. */
  public Map<String, Map<String, Row>> byReasonAndTopic() {
    return byReasonAndTopic;
  }

  /** True when the run went to its end and sent (dry: would send) everything it selected. */
  public boolean complete() {
    return !stoppedEarly && refused == 0 && noSourceTopic == 0;
  }

  /** The summary as lines of text. */
  public String format(String header) {
    String send = dryRun ? "would send" : "sent";
    StringBuilder b = new StringBuilder();
    b.append(header).append(System.lineSeparator());
    line(b, "read", read);
    line(b, dryRun ? "would be sent" : "sent", sent);
    line(b, "already redriven or refused before", alreadyHandled);
    line(b, "skipped by selection", skipped);
    line(b, "refused as loops", refused);
    if (noSourceTopic > 0) {
      line(b, "not sent: no source topic (give --to)", noSourceTopic);
    }
    if (!byReasonAndTopic.isEmpty()) {
      int width = Math.max("reason".length(), longest(byReasonAndTopic.keySet()));
      int topicWidth =
          Math.max(
              "topic".length(),
              byReasonAndTopic.values().stream()
                  .mapToInt(m -> longest(m.keySet()))
                  .max()
                  .orElse(0));
      String format =
          "  %-" + width + "s  %-" + topicWidth + "s  %" + send.length() + "s  %7s  %7s%n";
      b.append(String.format(format, "reason", "topic", send, "refused", "skipped"));
      byReasonAndTopic.forEach(
          (reason, topics) ->
              topics.forEach(
                  (topic, row) ->
                      b.append(
                          String.format(
                              format, reason, topic, row.sent, row.refused, row.skipped))));
    }
    if (refused > 0) {
      b.append(
              String.format(
                  "Refused as loops (redriven --max-redrives %d time(s) or more already):%n",
                  maxRedrives))
          .append(String.join(System.lineSeparator(), indent(refusedList)))
          .append(System.lineSeparator());
      if (refused > refusedList.size()) {
        b.append("  ... and ")
            .append(refused - refusedList.size())
            .append(" more")
            .append(System.lineSeparator());
      }
    }
    if (stoppedEarly) {
      b.append("Stopped before the end; what was sent is committed: run again to go on.")
          .append(System.lineSeparator());
    }
    if (dryRun) {
      b.append("Dry run: nothing was sent and the redrive position did not move.")
          .append(System.lineSeparator());
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String label, long n) {
    b.append(String.format("  %-38s %d%n", label, n));
  }

  private static int longest(Collection<String> names) {
    return names.stream().mapToInt(String::length).max().orElse(0);
  }

  private static List<String> indent(List<String> lines) {
    return lines.stream().map(l -> "  " + l).toList();
  }

  private Row row(ConsumerRecord<byte[], byte[]> r, String topic) {
    return byReasonAndTopic
        .computeIfAbsent(reason(r), k -> new TreeMap<>())
        .computeIfAbsent(topic, k -> new Row());
  }

  private static String reason(ConsumerRecord<byte[], byte[]> r) {
    String reason = DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON);
    return reason == null ? "(none)" : reason;
  }

  /** A key as the summary shows it: quoted text, cut short when long. */
  private static String key(byte[] key) {
    if (key == null) {
      return "(none)";
    }
    String text = new String(key, StandardCharsets.UTF_8);
    return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
  }
}
