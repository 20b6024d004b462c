package dev.scientistages.topology;

import dev.scientistages.deadletter.InvalidScientistException;
import dev.scientistages.deadletter.Reason;
import dev.scientistages.model.Scientist;
import dev.scientistages.model.ScientistAge;

/**
 * The transformation, and the one place to change it: the classic example's {@code
 * process_item(scientist)}, the scientist's name and age in the reference year. A pure function,
 * run on every stream thread at once; a record it cannot map is rejected with an {@link
 * InvalidScientistException}, which sends it to the dead-letter topic. See docs/development.md.
 */
public final class AgeCalculator {
  /**
   * Longest name accepted, in characters (code points, as JSON Schema's maxLength and most
   * languages count them): keeps every output record far below 1 MiB.
   */
  public static final int MAX_NAME_LENGTH = 1024;

  /** The earliest year of birth accepted: the first of the common era. */
  public static final int FIRST_YEAR = 1;

  private AgeCalculator() {}

  public static ScientistAge apply(Scientist scientist, int referenceYear) {
    String name = scientist.name();
    if (name == null || name.isBlank()) {
      throw new InvalidScientistException(Reason.MISSING_NAME, "name is missing or blank");
    }
    // Only a name of more UTF-16 units than the limit can have more code points than it.
    int length = name.length() > MAX_NAME_LENGTH ? name.codePointCount(0, name.length()) : 0;
    if (length > MAX_NAME_LENGTH) {
      throw new InvalidScientistException(
          Reason.NAME_TOO_LONG, "name has " + length + " characters, more than " + MAX_NAME_LENGTH);
    }
    Integer born = scientist.born();
    if (born == null) {
      throw new InvalidScientistException(Reason.MISSING_BORN, "born is missing or null");
    }
    if (born < FIRST_YEAR) {
      throw new InvalidScientistException(
          Reason.BORN_NOT_A_YEAR, "born is " + born + ", not a year of the common era");
    }
    if (born > referenceYear) {
      throw new InvalidScientistException(
          Reason.BORN_AFTER_REFERENCE_YEAR,
          "born " + born + " is after the reference year " + referenceYear);
    }
    return new ScientistAge(name, referenceYear - born);
  }
}
