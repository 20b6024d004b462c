package dev.scientistages.support;

import java.util.List;

/**
 * Everything {@link OutputVerifier} found; the assertions are the caller's. {@code
 * contractViolations}: outputs and dead letters that their JSON Schema ({@link TopicContracts})
 * rejects.
 */
public record Verification(
    long inputs,
    long expectedOutputs,
    long outputs,
    long lost,
    long duplicated,
    long outOfOrder,
    long unexpectedOutputs,
    long expectedDeadLetters,
    long deadLetters,
    long deadLettersLost,
    long deadLettersDuplicated,
    long wrongReasons,
    long wrongBytes,
    long unexpectedDeadLetters,
    long contractViolations,
    List<String> openTransactions,
    List<String> samples) {

  /** No loss, no duplicate, everything in order and where it belongs, no open transaction. */
  public boolean exactlyOnce() {
    return atLeastOnce() && duplicated == 0 && deadLettersDuplicated == 0;
  }

  /** No loss, nothing out of order or misplaced, no open transaction; duplicates allowed. */
  public boolean atLeastOnce() {
    return lost == 0
        && outOfOrder == 0
        && unexpectedOutputs == 0
        && deadLettersLost == 0
        && wrongReasons == 0
        && wrongBytes == 0
        && unexpectedDeadLetters == 0
        && contractViolations == 0
        && openTransactions.isEmpty();
  }

  @Override
  public String toString() {
    return String.format(
        "inputs %d: outputs %d (expected %d; lost %d, duplicated %d, out of order %d,"
            + " unexpected %d); dead letters %d (expected %d; lost %d, duplicated %d, wrong"
            + " reason %d, wrong bytes %d, unexpected %d); records against their schema %d;"
            + " open transactions %s%s",
        inputs,
        outputs,
        expectedOutputs,
        lost,
        duplicated,
        outOfOrder,
        unexpectedOutputs,
        deadLetters,
        expectedDeadLetters,
        deadLettersLost,
        deadLettersDuplicated,
        wrongReasons,
        wrongBytes,
        unexpectedDeadLetters,
        contractViolations,
        openTransactions,
        samples.isEmpty() ? "" : "; first problems: " + samples);
  }
}
