package dev.scientistages.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one {@link ClusterHarness} all fault classes of a test run share: a cluster start is the
 * dearest step of the group, so the first class that needs it starts it and JUnit closes it (an
 * {@link AutoCloseable} in the root store) when the run ends. Each case keeps apart by its own
 * topics and application id, and {@link FaultRun} makes the cluster whole before each case.
 *
 * <p>Every node's and instance's output stays in {@code target/fault-cluster} until the next run.
 */
final class SharedCluster implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedCluster.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    ClusterSuite.harness =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                ClusterHarness.class, k -> ClusterHarness.start(freshDir()), ClusterHarness.class);
  }

  private static Path freshDir() {
    Path dir = Path.of("target", "fault-cluster").toAbsolutePath();
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
