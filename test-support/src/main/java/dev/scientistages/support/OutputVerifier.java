package dev.scientistages.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks, after the processors have stopped, that the output and the dead-letter topic hold exactly
 * what the input topic asks for, by content (never by offsets: transaction markers take offsets),
 * in the manner of Apache Kafka's own EOS and smoke-test verifiers:
 *
 * <ul>
 *   <li>every partition of the output and dead-letter topics has its read_committed end (the last
 *       stable offset) at its high watermark: no transaction left open;
 *   <li>per key, the committed outputs are the inputs' expected ages, in input order; each missing
 *       one counts as lost, each extra copy as duplicated, a first copy that comes before an
 *       earlier input's as out of order;
 *   <li>every input expected to be dead-lettered is in the dead-letter topic once (matched by its
 *       source partition and offset), with the expected reason and its original key and value
 *       bytes;
 *   <li>every output and every dead letter is valid against its topic's JSON Schema ({@link
 *       TopicContracts}).
 * </ul>
 */
public final class OutputVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SAMPLES = 10;
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

  private final String bootstrapServers;

  public OutputVerifier(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** The expected ages of one key, in input order, and how often each came out. */
  private static final class KeyLedger {
    int[] ages = new int[4];
    int[] seen = new int[4];
    int size;
    int lastFirstIndex = -1;

    void add(int age) {
      if (size == ages.length) {
        ages = Arrays.copyOf(ages, size * 2);
        seen = Arrays.copyOf(seen, size * 2);
      }
      ages[size++] = age;
    }
  }

  private record DeadLetterExpected(
      Expectation expectation, byte[] key, byte[] value, boolean[] seen) {}

  /**
   * Verifies. First waits (up to {@code settle}) for the transactions of killed processors to be
   * aborted by the broker, then reads the three topics from the beginning.
   */
  public Verification verify(
      String inputTopic, String outputTopic, String deadLetterTopic, Duration settle) {
    List<String> open =
        TransactionReport.awaitNoneOpen(
            bootstrapServers, List.of(outputTopic, deadLetterTopic), settle);
    List<String> samples = new ArrayList<>();
    Map<String, KeyLedger> byKey = new HashMap<>();
    Map<String, DeadLetterExpected> dead = new HashMap<>();
    long[] inputs = {0, 0};
    CommittedRecords.readToEnd(
        bootstrapServers,
        inputTopic,
        CommittedRecords.READ_UNCOMMITTED,
        READ_TIMEOUT,
        r -> {
          inputs[0]++;
          Expectation e = Expectation.of(r.headers());
          if (e == null) {
            throw new AssertionError("input without expectation at " + source(r));
          }
          if (e.isOutput()) {
            inputs[1]++;
            byKey.computeIfAbsent(text(r.key()), k -> new KeyLedger()).add(e.age());
          } else {
            dead.put(
                r.partition() + "@" + r.offset(),
                new DeadLetterExpected(e, r.key(), r.value(), new boolean[1]));
          }
        });

    long[] violations = {0};
    long[] out = new long[4]; // outputs, duplicated, outOfOrder, unexpected
    CommittedRecords.readToEnd(
        bootstrapServers,
        outputTopic,
        CommittedRecords.READ_COMMITTED,
        READ_TIMEOUT,
        r -> {
          out[0]++;
          checkContract(r, TopicContracts.outputViolations(r.value()), violations, samples);
          String key = text(r.key());
          KeyLedger ledger = byKey.get(key);
          Integer age = ageOf(r.value(), key);
          int first = -1;
          int any = -1;
          if (ledger != null && age != null) {
            for (int i = 0; i < ledger.size; i++) {
              if (ledger.ages[i] == age) {
                any = i;
                if (ledger.seen[i] == 0) {
                  first = i;
                  break;
                }
              }
            }
          }
          if (first >= 0) {
            ledger.seen[first]++;
            if (first < ledger.lastFirstIndex) {
              out[2]++;
              sample(samples, "out of order: key " + key + " age " + age);
            }
            ledger.lastFirstIndex = first;
          } else if (any >= 0) {
            ledger.seen[any]++;
            out[1]++;
            sample(samples, "duplicate: key " + key + " age " + age);
          } else {
            out[3]++;
            sample(samples, "unexpected output at " + source(r) + ": " + text(r.value()));
          }
        });
    long lost = 0;
    for (Map.Entry<String, KeyLedger> entry : byKey.entrySet()) {
      KeyLedger ledger = entry.getValue();
      for (int i = 0; i < ledger.size; i++) {
        if (ledger.seen[i] == 0) {
          lost++;
          sample(samples, "lost: key " + entry.getKey() + " age " + ledger.ages[i]);
        }
      }
    }

    long[] dl = new long[5]; // dead letters, duplicated, wrong reason, wrong bytes, unexpected
    CommittedRecords.readToEnd(
        bootstrapServers,
        deadLetterTopic,
        CommittedRecords.READ_COMMITTED,
        READ_TIMEOUT,
        r -> {
          dl[0]++;
          checkContract(r, TopicContracts.deadLetterViolations(r.headers()), violations, samples);
          String from =
              header(r, DeadLetterContract.PARTITION) + "@" + header(r, DeadLetterContract.OFFSET);
          DeadLetterExpected expected =
              inputTopic.equals(header(r, DeadLetterContract.TOPIC)) ? dead.get(from) : null;
          if (expected == null) {
            dl[4]++;
            sample(
                samples,
                "unexpected dead letter from "
                    + from
                    + " ("
                    + header(r, DeadLetterContract.REASON)
                    + ")");
            return;
          }
          if (expected.seen()[0]) {
            dl[1]++;
            sample(samples, "duplicate dead letter from " + from);
            return;
          }
          expected.seen()[0] = true;
          String reason = header(r, DeadLetterContract.REASON);
          if (!expected.expectation().reason().equals(reason)) {
            dl[2]++;
            sample(
                samples,
                "dead letter from "
                    + from
                    + " has reason "
                    + reason
                    + ", expected "
                    + expected.expectation().reason()
                    + " (value "
                    + abbreviated(expected.value())
                    + ")");
          }
          if (!Arrays.equals(expected.key(), r.key())
              || !Arrays.equals(expected.value(), r.value())) {
            dl[3]++;
            sample(samples, "dead letter from " + from + " does not hold the original bytes");
          }
        });
    long deadLost = 0;
    for (Map.Entry<String, DeadLetterExpected> entry : dead.entrySet()) {
      if (!entry.getValue().seen()[0]) {
        deadLost++;
        sample(
            samples,
            "dead letter lost: input "
                + entry.getKey()
                + " ("
                + entry.getValue().expectation().reason()
                + ")");
      }
    }
    return new Verification(
        inputs[0],
        inputs[1],
        out[0],
        lost,
        out[1],
        out[2],
        out[3],
        dead.size(),
        dl[0],
        deadLost,
        dl[1],
        dl[2],
        dl[3],
        dl[4],
        violations[0],
        open,
        List.copyOf(samples));
  }

  /** The age of an output value, or null unless it is exactly {"name": key, "age": int}. */
  private static Integer ageOf(byte[] value, String key) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(value);
      if (node == null
          || !node.isObject()
          || node.size() != 2
          || !node.path("name").isTextual()
          || !node.path("name").asText().equals(key)
          || !node.path("age").isInt()) {
        return null;
      }
      return node.get("age").intValue();
    } catch (IOException e) {
      return null;
    }
  }

  private static void checkContract(
      ConsumerRecord<byte[], byte[]> r, List<String> found, long[] count, List<String> samples) {
    if (!found.isEmpty()) {
      count[0]++;
      sample(samples, "against its schema at " + source(r) + ": " + found);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return DeadLetterContract.text(r.headers(), name);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static String abbreviated(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    String s = new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8);
    return bytes.length > 80 ? s + "... (" + bytes.length + " bytes)" : s;
  }

  private static String source(ConsumerRecord<?, ?> r) {
    return r.topic() + "-" + r.partition() + "@" + r.offset();
  }

  private static void sample(List<String> samples, String problem) {
    if (samples.size() < SAMPLES) {
      samples.add(problem);
    }
  }
}
