package dev.scientistages.support;

import java.nio.charset.StandardCharsets;

/**
 * Good scientists, several records per key so that the order per key is checked: record {@code n}
 * is scientist {@code n % keys} (named {@code Scientist 000000042}), and each further record of a
 * scientist is born one year later, so its age is one less. Keys interleave: the records of one key
 * are spread over the whole run, across every crash and restart.
 */
public final class ScientistRecords implements InputRecords {
  /** The first year of birth; each key's records count up from it. */
  private static final int FIRST_BORN = 1000;

  private final long count;
  private final long keys;
  private final int referenceYear;

  /**
   * @param perKey records per key (at most {@code referenceYear - 1000})
   */
  public ScientistRecords(long count, int perKey, int referenceYear) {
    if (perKey < 1 || FIRST_BORN + perKey > referenceYear) {
      throw new IllegalArgumentException("perKey out of range: " + perKey);
    }
    this.count = count;
    this.keys = Math.max(1, (count + perKey - 1) / perKey);
    this.referenceYear = referenceYear;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public InputRecord get(long n) {
    String name = String.format("Scientist %09d", n % keys);
    int born = FIRST_BORN + (int) (n / keys);
    String value = "{\"name\":\"" + name + "\",\"born\":" + born + "}";
    return new InputRecord(
        name.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8),
        Expectation.age(referenceYear - born));
  }
}
