package dev.scientistages.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Good scientists (as {@link ScientistRecords}) with hostile records mixed in at a steady interval:
 * random bytes, invalid UTF-8, deep nesting, huge strings, numbers out of range, wrong types,
 * tombstones, and odd but valid records that must come out. Each hostile record is made from its
 * index and the seed alone, and carries the reason code that docs/reliability.md's dead-letter
 * table gives it (or the age it must map to).
 */
public final class HostileRecords implements InputRecords {
  private static final int REFERENCE_YEAR = 2017;

  /** Safe first bytes for random garbage: none starts a JSON value, white space or a BOM. */
  private static final byte[] GARBAGE_START =
      "#%&()*<=>?@ABCDEGHIJKLMOPQRSUVWXYZ^_`|~".getBytes(StandardCharsets.US_ASCII);

  /** Invalid UTF-8 sequences: a stray continuation byte, 0xFF, truncated, overlong, surrogate. */
  private static final int[][] INVALID_UTF8 = {
    {0x80},
    {0xFF},
    {0xFE},
    {0xE2, 0x82},
    {0xC0, 0x80},
    {0xC1, 0xBF},
    {0xE0, 0x80, 0xAF},
    {0xED, 0xA0, 0x80},
    {0xF4, 0x90, 0x80, 0x80},
    {0xF8, 0x88, 0x80, 0x80, 0x80}
  };

  /** One kind of hostile record: builds it from a seeded random source and its index. */
  private record Kind(String name, Function<SplittableRandom, Hostile> make) {}

  /** A hostile record before it gets its key: value (null for a tombstone) and fate. */
  private record Hostile(byte[] value, Expectation expectation, String name) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind("random bytes", r -> dead(garbage(r), "MALFORMED_JSON")),
          new Kind("invalid UTF-8", HostileRecords::invalidUtf8),
          new Kind("truncated", r -> dead(truncated(r), "MALFORMED_JSON")),
          new Kind("empty", r -> dead(new byte[0], "MALFORMED_JSON")),
          new Kind("white space", r -> dead(bytes(" \t\r\n  "), "MALFORMED_JSON")),
          new Kind(
              "two values",
              r -> dead(bytes(good("Two", 1900) + " " + good("Two", 1901)), "MALFORMED_JSON")),
          new Kind(
              "trailing comma",
              r -> dead(bytes("{\"name\":\"T\",\"born\":1900,}"), "MALFORMED_JSON")),
          new Kind("single quotes", r -> dead(bytes("{'name':'Q','born':1900}"), "MALFORMED_JSON")),
          new Kind("NaN", r -> dead(bytes("{\"name\":\"N\",\"born\":NaN}"), "MALFORMED_JSON")),
          new Kind(
              "raw control character",
              r -> dead(bytes("{\"name\":\"C\u0001D\",\"born\":1900}"), "MALFORMED_JSON")),
          new Kind(
              "nesting beyond the reader's limit",
              r ->
                  dead(
                      bytes(
                          "{\"name\":\"Deep\",\"born\":1900,\"x\":"
                              + nested(1001 + r.nextInt(20_000))
                              + "}"),
                      "MALFORMED_JSON")),
          new Kind(
              "number longer than the reader's limit",
              r ->
                  dead(
                      bytes("{\"name\":\"L\",\"born\":1" + digits(r, 1000 + r.nextInt(5000)) + "}"),
                      "MALFORMED_JSON")),
          new Kind("nested arrays", r -> dead(bytes(nested(1 + r.nextInt(900))), "NOT_AN_OBJECT")),
          new Kind("number", r -> dead(bytes(Long.toString(r.nextLong())), "NOT_AN_OBJECT")),
          new Kind("string", r -> dead(bytes("\"Ada Lovelace\""), "NOT_AN_OBJECT")),
          new Kind("boolean", r -> dead(bytes("true"), "NOT_AN_OBJECT")),
          new Kind("JSON null", r -> dead(bytes("null"), "NOT_AN_OBJECT")),
          new Kind("tombstone", r -> dead(null, "NULL_VALUE")),
          new Kind("no name", r -> dead(bytes("{\"born\":1900}"), "MISSING_NAME")),
          new Kind("null name", r -> dead(bytes("{\"name\":null,\"born\":1900}"), "MISSING_NAME")),
          new Kind(
              "blank name", r -> dead(bytes("{\"name\":\" \\t \",\"born\":1900}"), "MISSING_NAME")),
          new Kind(
              "name of another type",
              r ->
                  dead(
                      bytes(
                          "{\"name\":"
                              + List.of("42", "true", "[\"Ada\"]", "{\"first\":\"Ada\"}", "1.5")
                                  .get(r.nextInt(5))
                              + ",\"born\":1900}"),
                      "NAME_NOT_A_STRING")),
          new Kind(
              "deeply nested name",
              r ->
                  dead(
                      bytes("{\"name\":" + nestedObject(2 + r.nextInt(500)) + ",\"born\":1900}"),
                      "NAME_NOT_A_STRING")),
          new Kind(
              "huge name",
              r ->
                  dead(
                      bytes(
                          good(
                              "N".repeat(1025 + r.nextInt(r.nextInt(10) == 0 ? 800_000 : 50_000)),
                              1900)),
                      "NAME_TOO_LONG")),
          new Kind("no born", r -> dead(bytes("{\"name\":\"No Born\"}"), "MISSING_BORN")),
          new Kind("null born", r -> dead(bytes("{\"name\":\"B\",\"born\":null}"), "MISSING_BORN")),
          new Kind(
              "born not a year",
              r ->
                  dead(
                      bytes(
                          "{\"name\":\"B\",\"born\":"
                              + List.of(
                                      "\"1815\"",
                                      "1815.5",
                                      "1815.0",
                                      "1e3",
                                      "-5",
                                      "0",
                                      "-0",
                                      "2147483648",
                                      "-2147483649",
                                      "99999999999999999999",
                                      "1" + "0".repeat(300),
                                      "true",
                                      "{}",
                                      "[1815]")
                                  .get(r.nextInt(14))
                              + "}"),
                      "BORN_NOT_A_YEAR")),
          new Kind(
              "born after the reference year",
              r ->
                  dead(
                      bytes(
                          good(
                              "Future",
                              REFERENCE_YEAR + 1 + r.nextInt(Integer.MAX_VALUE - REFERENCE_YEAR))),
                      "BORN_AFTER_REFERENCE_YEAR")),
          // Odd but valid: these must come out, not be dead-lettered.
          new Kind(
              "huge unknown field",
              r -> {
                int born = 1 + r.nextInt(REFERENCE_YEAR);
                String value =
                    "{\"name\":\"Huge Notes\",\"notes\":\""
                        + "x".repeat(r.nextInt(r.nextInt(10) == 0 ? 800_000 : 100_000))
                        + "\",\"born\":"
                        + born
                        + "}";
                return ok(bytes(value), REFERENCE_YEAR - born, "Huge Notes");
              }),
          new Kind(
              "deep unknown field",
              r -> {
                String value =
                    "{\"name\":\"Deep Notes\",\"notes\":"
                        + nestedObject(1 + r.nextInt(900))
                        + ",\"born\":1815}";
                return ok(bytes(value), REFERENCE_YEAR - 1815, "Deep Notes");
              }),
          new Kind(
              "non-ASCII name",
              r -> {
                String name =
                    List.of("Tu Youyou 屠呦呦", "Émilie du Châtelet", "مريم ميرزاخاني", "Ada 🚀")
                        .get(r.nextInt(4));
                return ok(bytes(good(name, 1930)), REFERENCE_YEAR - 1930, name);
              }),
          new Kind(
              "escaped name",
              r ->
                  ok(
                      bytes(
                          "{\"born\" : 1 ,\n \"name\" : \"A \\\"quoted\\\" \\u00e9\\ud83d\\ude80\"}"),
                      REFERENCE_YEAR - 1,
                      "A \"quoted\" é🚀")),
          new Kind(
              "born in the reference year",
              r -> ok(bytes(good("Newborn", REFERENCE_YEAR)), 0, "Newborn")));

  private final long count;
  private final long interval;
  private final long hostile;
  private final long seed;
  private final ScientistRecords good;

  /**
   * @param goodCount good scientists
   * @param hostileCount hostile records, spread evenly among them
   */
  public HostileRecords(long goodCount, long hostileCount, long seed) {
    this.count = goodCount + hostileCount;
    this.hostile = hostileCount;
    this.interval = hostileCount == 0 ? Long.MAX_VALUE : Math.max(1, count / hostileCount);
    this.seed = seed;
    this.good = new ScientistRecords(goodCount, 10, REFERENCE_YEAR);
  }

  /** How many kinds of hostile record there are; record {@code i} is of kind {@code i % kinds}. */
  public static int kinds() {
    return KINDS.size();
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public InputRecord get(long n) {
    long hostileBefore = Math.min(n / interval, hostile);
    boolean isHostile = n % interval == interval - 1 && n / interval < hostile;
    if (!isHostile) {
      return good.get(n - hostileBefore);
    }
    long i = n / interval;
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
    Hostile h = KINDS.get((int) (i % KINDS.size())).make().apply(random);
    byte[] key =
        h.name() != null
            ? bytes(h.name())
            : random.nextInt(8) == 0 ? null : bytes(String.format("hostile %09d", i));
    return new InputRecord(key, h.value(), h.expectation());
  }

  private static Hostile dead(byte[] value, String reason) {
    return new Hostile(value, Expectation.deadLetter(reason), null);
  }

  private static Hostile ok(byte[] value, int age, String name) {
    return new Hostile(value, Expectation.age(age), name);
  }

  private static Hostile invalidUtf8(SplittableRandom r) {
    int[] bad = INVALID_UTF8[r.nextInt(INVALID_UTF8.length)];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes("{\"name\":\"Bad "));
    for (int b : bad) {
      out.write(b);
    }
    out.writeBytes(bytes(" Bytes\",\"born\":1900}"));
    return dead(out.toByteArray(), "MALFORMED_JSON");
  }

  private static byte[] garbage(SplittableRandom r) {
    byte[] b = new byte[1 + r.nextInt(2048)];
    r.nextBytes(b);
    b[0] = GARBAGE_START[r.nextInt(GARBAGE_START.length)];
    return b;
  }

  /** A good record cut short: never valid JSON. */
  private static byte[] truncated(SplittableRandom r) {
    byte[] whole = bytes(good("Cut Short", 1900));
    return java.util.Arrays.copyOf(whole, 1 + r.nextInt(whole.length - 1));
  }

  private static String good(String name, int born) {
    return "{\"name\":\"" + name + "\",\"born\":" + born + "}";
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static String nestedObject(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  private static String digits(SplittableRandom r, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) ('0' + r.nextInt(10)));
    }
    return s.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
