package dev.scientistages.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;

/**
 * The Debian packages some tests run as outside tools (kcat, Prometheus): a test needing one is
 * skipped where it is missing, except in CI ({@code CI=true}), whose script installs them, where it
 * fails instead.
 */
public final class OutsideTools {
  private OutsideTools() {}

  /** Skips (or in CI fails) the calling test unless {@code command} is on the PATH. */
  public static void require(String command, String debianPackage) {
    boolean installed;
    try {
      installed = new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    } catch (IOException e) {
      installed = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while looking for " + command, e);
    }
    require(installed, command, debianPackage);
  }

  /** As {@link #require(String, String)}, for a tool whose presence the caller checked. */
  public static void require(boolean installed, String tool, String debianPackage) {
    if (!"true".equals(System.getenv("CI"))) {
      assumeThat(installed)
          .as("%s is installed (apt-get install %s)", tool, debianPackage)
          .isTrue();
    }
    assertThat(installed).as("%s is installed; CI installs it", tool).isTrue();
  }
}
