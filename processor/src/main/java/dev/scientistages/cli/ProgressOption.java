package dev.scientistages.cli;

import picocli.CommandLine.Option;

/** The {@code --[no-]progress} option of the verbs that run long: produce, redrive, bench. */
public final class ProgressOption {
  @Option(
      names = "--progress",
      negatable = true,
      description = "Show progress bars (default: when standard error is a terminal).")
  Boolean progress;

  /** As asked; without the option, when there is a terminal to show them on. */
  public boolean shown() {
    return progress != null ? progress : System.console() != null;
  }
}
