package dev.scientistages.topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Reads the declarative topic files: one {@code .properties} file per topic, in the repository's
 * {@code topics/} directory (built into the application's jar as well).
 *
 * <pre>
 * role=input                  # input | output | dead-letter
 * name=scientists
 * partitions=12               # at least 1
 * replication.factor=default  # a number, or default = the broker's default.replication.factor
 * config.retention.ms=604800000   # any topic config, prefixed with config.
 * </pre>
 *
 * Each role must be declared exactly once; anything else fails with the file and key named.
 */
public final class TopicFiles {
  /** Where the topic files sit inside the jar (and in the repository). */
  public static final String RESOURCE_DIR = "topics";

  private static final String CONFIG_PREFIX = "config.";

  private TopicFiles() {}

  /** The topic files in a directory, by role. */
  public static Map<TopicSpec.Role, TopicSpec> load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new TopicFileException(dir + " is not a directory of topic files");
    }
    List<TopicSpec> specs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          specs.add(parse(file.getFileName().toString(), in));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read topic files in " + dir, e);
    }
    return byRole(dir.toString(), specs);
  }

  /** The topic files built into the application. */
  public static Map<TopicSpec.Role, TopicSpec> loadBuiltIn() {
    URL url = TopicFiles.class.getClassLoader().getResource(RESOURCE_DIR);
    if (url == null) {
      throw new TopicFileException("no topic files built in (resource " + RESOURCE_DIR + "/)");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return load(jar.getPath(RESOURCE_DIR));
        }
      }
      return load(Path.of(uri));
    } catch (IOException | URISyntaxException e) {
      throw new TopicFileException("cannot read the built-in topic files: " + e.getMessage());
    }
  }

  /** Parses one topic file; {@code source} names it in error messages. */
  public static TopicSpec parse(String source, InputStream in) throws IOException {
    Properties p = new Properties();
    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Map<String, String> configs = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(CONFIG_PREFIX) && key.length() > CONFIG_PREFIX.length()) {
        configs.put(key.substring(CONFIG_PREFIX.length()), p.getProperty(key).strip());
      } else if (!List.of("role", "name", "partitions", "replication.factor").contains(key)) {
        throw new TopicFileException(
            source
                + ": unknown key '"
                + key
                + "' (allowed: role, name, partitions, replication.factor, config.*)");
      }
    }
    String roleLabel = required(source, p, "role");
    TopicSpec.Role role =
        TopicSpec.Role.ofLabel(roleLabel)
            .orElseThrow(
                () ->
                    new TopicFileException(
                        source
                            + ": role '"
                            + roleLabel
                            + "' is not one of input, output, dead-letter"));
    String name = required(source, p, "name");
    int partitions = number(source, "partitions", required(source, p, "partitions"), 1, 100_000);
    String rf = p.getProperty("replication.factor", "default").strip();
    Optional<Short> replication =
        rf.equals("default")
            ? Optional.empty()
            : Optional.of((short) number(source, "replication.factor", rf, 1, Short.MAX_VALUE));
    return new TopicSpec(role, name, partitions, replication, configs);
  }

  private static Map<TopicSpec.Role, TopicSpec> byRole(String where, List<TopicSpec> specs) {
    Map<TopicSpec.Role, TopicSpec> out = new EnumMap<>(TopicSpec.Role.class);
    for (TopicSpec spec : specs) {
      if (out.put(spec.role(), spec) != null) {
        throw new TopicFileException(
            where + ": more than one topic file has role " + spec.role().label());
      }
    }
    for (TopicSpec.Role role : TopicSpec.Role.values()) {
      if (!out.containsKey(role)) {
        throw new TopicFileException(where + ": no topic file has role " + role.label());
      }
    }
    return out;
  }

  private static String required(String source, Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new TopicFileException(source + ": '" + key + "' is missing");
    }
    return v.strip();
  }

  private static int number(String source, String key, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new TopicFileException(
        source
            + ": '"
            + key
            + "' is '"
            + value
            + "', not a whole number from "
            + min
            + " to "
            + max);
  }
}
