package dev.scientistages.toolkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's own storage format step ({@code kafka-storage.sh format}) for a broker's log directory.
 */
final class StorageFormat {
  private static final Logger LOG = LoggerFactory.getLogger(StorageFormat.class);
  private static final String META_PROPERTIES = "meta.properties";

  private StorageFormat() {}

  /**
   * Formats the directory for the cluster {@code clusterId} unless it is formatted already: the
   * nodes of one cluster (a broker and its separate controller) must share the id.
   */
  static void formatIfNeeded(Properties props, Path dir, String clusterId) {
    formatIfNeeded(props, dir, clusterId, List.of());
  }

  /** As {@link #formatIfNeeded(Properties, Path, String)}, with extra arguments of the step. */
  static void formatIfNeeded(
      Properties props, Path dir, String clusterId, List<String> extraArguments) {
    if (Files.exists(dir.resolve(META_PROPERTIES))) {
      LOG.debug("Data directory {} is already formatted; reusing it", dir);
      return;
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Path config = null;
    int code;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      config = Files.createTempFile("embedded-kafka-", ".properties");
      try (OutputStream os = Files.newOutputStream(config)) {
        props.store(os, "embedded Kafka broker");
      }
      List<String> arguments =
          new ArrayList<>(
              List.of("format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"));
      arguments.addAll(extraArguments);
      code = StorageTool.execute(arguments.toArray(String[]::new), out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the broker configuration: " + e, e);
    } finally {
      if (config != null) {
        try {
          Files.deleteIfExists(config);
        } catch (IOException e) {
          LOG.debug("Could not delete {}", config, e);
        }
      }
    }
    String output = captured.toString(StandardCharsets.UTF_8).strip();
    LOG.debug("Kafka storage format of {} (cluster id {}): {}", dir, clusterId, output);
    if (code != 0) {
      throw new IllegalStateException(
          "formatting the storage failed (exit code " + code + "): " + output);
    }
  }
}
