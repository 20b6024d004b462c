package dev.scientistages.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.cli.ExitCode;
import dev.scientistages.deadletter.DeadLetterHeaders;
import dev.scientistages.deadletter.Reason;
import dev.scientistages.support.RepositoryFiles;
import dev.scientistages.topology.RecordCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md and docs/ true of the code: links resolve, the files and classes the pages name
 * exist, every default of {@link Settings#defaults()} and every handler of {@link
 * RecordCounts#HANDLERS} is in docs/configuration.md, and every exit code, dead-letter reason and
 * dead-letter header is documented. Lists come from the code, so a new setting or code fails here
 * until the docs say it.
 *
 * <p>docs/development.md must also be complete, by two rules on the first cells of its tables:
 *
 * <ul>
 *   <li>every test class, that is every file {@code *Test.java} or {@code *IT.java} under a {@code
 *       src/test/java} folder of any module, has its simple name in backticks in the first cell of
 *       a table row ({@code `AgeTopologyTest`}), so that each has a line saying what it checks;
 *   <li>every main package, that is every folder under a {@code src/main/java} or {@code
 *       src/jmh/java} folder of any module that holds a {@code .java} file, is the first cell of a
 *       table row, in backticks, named below {@code dev.scientistages} ({@code `model`}, {@code
 *       `jmh`}, {@code `deadletter.x`} for a nested one); the root package itself is written {@code
 *       `dev.scientistages`}, and a package outside it in full.
 * </ul>
 */
class DocsTest {
  private static final Path TOP = RepositoryFiles.path(".");
  private static final Path CONFIGURATION = RepositoryFiles.path("docs/configuration.md");
  private static final Path DEVELOPMENT = RepositoryFiles.path("docs/development.md");

  /** The package the development page's package table names the others below. */
  private static final String ROOT_PACKAGE = "dev.scientistages";

  /** A test class's source file; group 1 is its simple name. */
  private static final Pattern TEST_SOURCE =
      Pattern.compile("(?:^|/)src/test/java/(?:.+/)?(\\w+(?:Test|IT))\\.java$");

  /** A main or JMH source file; group 1 is its package folder (absent for the default package). */
  private static final Pattern MAIN_SOURCE =
      Pattern.compile("(?:^|/)src/(?:main|jmh)/java/(?:(.+)/)?[^/]+\\.java$");

  /** Top-level folders whose paths a page may name; a path under a target/ folder is built. */
  private static final Pattern REPOSITORY_PATH =
      Pattern.compile(
          "(?<![\\w./-])((?:processor|toolkit|bench|integration-tests|docs|topics|deploy|\\.ci)/[\\w./*-]*)");

  /** A bare file name that must be in the repository (not a user's own *.properties). */
  private static final Pattern BARE_FILE =
      Pattern.compile("^[\\w.-]+\\.(java|md|yml|yaml|xml|json)$");

  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern JAVA_FILE = Pattern.compile("(?<![\\w/.])([A-Z]\\w*)\\.java\\b");

  /** A CamelCase name, maybe with {@code .java}, {@code .method(...)} or {@code #method}. */
  private static final Pattern CLASS_NAME =
      Pattern.compile(
          "^([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(?:\\.java|\\.[a-z]\\w*(?:\\(.*\\))?|#\\w+\\*?)?$");

  /** Where a named class that is not this project's may come from. */
  private static final List<String> OUTSIDE_PACKAGES =
      List.of(
          "org.apache.kafka.common.",
          "org.apache.kafka.common.errors.",
          "org.apache.kafka.clients.consumer.",
          "org.apache.kafka.clients.producer.",
          "org.apache.kafka.streams.",
          "org.apache.kafka.streams.errors.",
          "org.apache.kafka.streams.processor.api.",
          "org.apache.kafka.streams.processor.internals.",
          "com.fasterxml.jackson.databind.",
          "io.micrometer.core.instrument.binder.kafka.",
          "java.lang.",
          "java.lang.management.",
          "java.time.");

  /**
   * CamelCase words the pages use that are no class on this classpath: a transaction state and an
   * ACL operation of Kafka's, the broker's authorizer (the processor has no broker), a library.
   */
  private static final Set<String> NOT_PROJECT_CLASSES =
      Set.of("CompleteAbort", "IdempotentWrite", "StandardAuthorizer", "HdrHistogram");

  private static Map<Path, String> pages;
  private static Set<String> projectClasses;

  @BeforeAll
  static void readPages() throws IOException {
    pages = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>(List.of(TOP.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(TOP.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    for (Path file : files) {
      pages.put(file, Files.readString(file, StandardCharsets.UTF_8));
    }
    assertThat(pages.keySet())
        .as("the pages this test reads")
        .contains(
            CONFIGURATION,
            RepositoryFiles.path("docs/operations.md"),
            RepositoryFiles.path("docs/reliability.md"),
            RepositoryFiles.path("docs/benchmark.md"),
            RepositoryFiles.path("docs/development.md"));
    try (Stream<Path> all = Files.walk(TOP)) {
      projectClasses =
          all.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> TOP.relativize(p).toString().contains("/src/"))
              .filter(p -> !TOP.relativize(p).toString().contains("/target/"))
              .map(p -> p.getFileName().toString().replaceFirst("\\.java$", ""))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(projectClasses).contains("Settings", "DocsTest");
  }

  @Test
  void shouldResolveEveryRelativeLinkAndAnchor() {
    List<String> broken = new ArrayList<>();
    pages.forEach(
        (page, text) -> {
          Matcher m = LINK.matcher(withoutFencedCode(text));
          while (m.find()) {
            String target = m.group(1);
            if (target.matches("^[a-z]+:.*")) {
              continue; // https:, mailto:
            }
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? "" : target.substring(hash + 1);
            Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
            if (!Files.exists(resolved)) {
              broken.add(name(page) + ": " + target + " (no " + name(resolved) + ")");
            } else if (!anchor.isEmpty()
                && resolved.toString().endsWith(".md")
                && !anchorsOf(resolved).contains(anchor)) {
              broken.add(
                  name(page) + ": " + target + " (no such heading in " + name(resolved) + ")");
            }
          }
        });
    assertThat(broken).as("links that lead nowhere").isEmpty();
  }

  @Test
  void shouldNameOnlyRepositoryFilesThatExist() {
    List<String> missing = new ArrayList<>();
    pages.forEach(
        (page, text) -> {
          // Link targets are relative to the page: the link check has them.
          Matcher m = REPOSITORY_PATH.matcher(text.replaceAll("\\]\\([^)\\s]*\\)", "]()"));
          while (m.find()) {
            String path = m.group(1).replaceAll("[.]+$", "");
            if (path.contains("/target/") || path.contains("...")) {
              continue; // made by the build
            }
            if (!existsOrMatches(path)) {
              missing.add(name(page) + ": " + path);
            }
          }
          for (String code : inlineCode(text)) {
            if (BARE_FILE.matcher(code).matches()
                && !code.endsWith(".java")
                && !Files.exists(TOP.resolve(code))) {
              missing.add(name(page) + ": " + code);
            }
          }
          Matcher java = JAVA_FILE.matcher(text);
          while (java.find()) {
            if (!projectClasses.contains(java.group(1))) {
              missing.add(name(page) + ": " + java.group(1) + ".java");
            }
          }
        });
    assertThat(missing).as("files the pages name that are not in the repository").isEmpty();
  }

  @Test
  void shouldNameOnlyClassesThatExist() {
    List<String> unknown = new ArrayList<>();
    pages.forEach(
        (page, text) -> {
          for (String code : inlineCode(text)) {
            Matcher m = CLASS_NAME.matcher(code);
            if (!m.matches()) {
              continue;
            }
            String cls = m.group(1);
            if (projectClasses.contains(cls)
                || NOT_PROJECT_CLASSES.contains(cls)
                || Files.exists(TOP.resolve(cls))
                || (!cls.endsWith("Test") && !cls.endsWith("IT") && isOutsideClass(cls))) {
              continue;
            }
            unknown.add(name(page) + ": `" + code + "`");
          }
        });
    assertThat(unknown)
        .as("names in backticks that are neither a class of this project nor a known library's")
        .isEmpty();
  }

  @Test
  void shouldListEverySettingWithTheDefaultTheCodeUses() throws IOException {
    Map<String, List<String>> rows = tableRows(Files.readString(CONFIGURATION));
    List<String> wrong = new ArrayList<>();
    Map<String, String> defaults = new LinkedHashMap<>(Settings.defaults());
    defaults.putAll(RecordCounts.HANDLERS);
    defaults.forEach(
        (key, value) -> {
          List<String> cells = rows.get("`" + key + "`");
          if (cells == null || cells.size() < 2) {
            wrong.add(key + ": no row in docs/configuration.md");
            return;
          }
          String documented = cells.get(1);
          boolean ok =
              documented.contains("`" + value + "`")
                  || (value.isEmpty() && documented.startsWith("empty"))
                  || (key.equals(StreamsConfig.NUM_STREAM_THREADS_CONFIG)
                      && value.equals(Integer.toString(Runtime.getRuntime().availableProcessors()))
                      && documented.contains("number of cores"));
          if (!ok) {
            wrong.add(key + ": the code's default is '" + value + "', the docs say " + documented);
          }
        });
    assertThat(wrong).as("settings whose default docs/configuration.md does not give").isEmpty();
  }

  @Test
  void shouldDocumentEveryExitCodeReasonAndDeadLetterHeader() throws IllegalAccessException {
    String all = String.join("\n", pages.values());
    Set<String> firstCells = new TreeSet<>();
    pages.values().forEach(text -> firstCells.addAll(tableRows(text).keySet()));
    List<String> missing = new ArrayList<>();
    for (ExitCode code : ExitCode.values()) {
      if (!firstCells.contains(Integer.toString(code.code()))) {
        missing.add("exit code " + code.code() + " (" + code + ")");
      }
    }
    for (Reason reason : Reason.values()) {
      if (!firstCells.contains("`" + reason.name() + "`")) {
        missing.add("dead-letter reason " + reason);
      }
    }
    for (Field f : DeadLetterHeaders.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String header = (String) f.get(null);
        if (!all.contains("`" + header + "`")) {
          missing.add("dead-letter header " + header);
        }
      }
    }
    assertThat(missing).as("not in a table row (headers: not in backticks) of the docs").isEmpty();
  }

  @Test
  void shouldListEveryTestClassAndEveryMainPackageInDevelopment() throws IOException {
    Map<String, List<String>> rows = tableRows(Files.readString(DEVELOPMENT));
    Set<String> testClasses = new TreeSet<>();
    Set<String> packages = new TreeSet<>();
    for (String source : sourceFiles()) {
      Matcher test = TEST_SOURCE.matcher(source);
      if (test.find()) {
        testClasses.add(test.group(1));
      }
      Matcher main = MAIN_SOURCE.matcher(source);
      if (main.find()) {
        packages.add(main.group(1) == null ? "" : main.group(1).replace('/', '.'));
      }
    }
    assertThat(testClasses).as("test classes found").contains("DocsTest", "PipelineIT");
    assertThat(packages).as("main packages found").contains(ROOT_PACKAGE, ROOT_PACKAGE + ".cli");

    List<String> missing = new ArrayList<>();
    for (String test : testClasses) {
      if (rows.keySet().stream().noneMatch(cell -> cell.contains("`" + test + "`"))) {
        missing.add("test class " + test);
      }
    }
    for (String pkg : packages) {
      String named =
          pkg.startsWith(ROOT_PACKAGE + ".") ? pkg.substring(ROOT_PACKAGE.length() + 1) : pkg;
      if (!rows.containsKey("`" + named + "`")) {
        missing.add("package " + pkg + " (a row `" + named + "`)");
      }
    }
    assertThat(missing)
        .as("test classes and main packages with no table row in docs/development.md")
        .isEmpty();
  }

  /** Every .java file under a src/ folder, relative to the top, with '/'; none that is built. */
  private static List<String> sourceFiles() throws IOException {
    try (Stream<Path> all = Files.walk(TOP)) {
      return all.filter(p -> p.toString().endsWith(".java"))
          .map(p -> TOP.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.contains("src/") && !p.contains("/target/") && !p.startsWith("target/"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** Table rows by their first cell, each with its cells, trimmed; the first row of a key wins. */
  private static Map<String, List<String>> tableRows(String text) {
    Map<String, List<String>> rows = new HashMap<>();
    for (String line : withoutFencedCode(text).split("\n")) {
      String l = line.strip();
      if (!l.startsWith("|") || l.matches("^\\|[\\s|:-]+\\|?$")) {
        continue;
      }
      List<String> cells =
          Stream.of(l.substring(1).split("\\|", -1))
              .map(String::strip)
              .collect(Collectors.toList());
      rows.putIfAbsent(cells.get(0), cells);
    }
    return rows;
  }

  private static List<String> inlineCode(String text) {
    List<String> codes = new ArrayList<>();
    Matcher m = INLINE_CODE.matcher(withoutFencedCode(text));
    while (m.find()) {
      codes.add(m.group(1).strip());
    }
    return codes;
  }

  private static String withoutFencedCode(String text) {
    StringBuilder out = new StringBuilder();
    boolean fenced = false;
    for (String line : text.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        out.append('\n');
        continue;
      }
      out.append(fenced ? "" : line).append('\n');
    }
    return out.toString();
  }

  /**
   * GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1 for repeats.
   */
  private static Set<String> anchorsOf(Path page) {
    String text;
    try {
      text = Files.readString(page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> anchors = new TreeSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : withoutFencedCode(text).split("\n")) {
      Matcher h = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*$").matcher(line);
      if (!h.matches()) {
        continue;
      }
      String slug =
          h.group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return anchors;
  }

  private static boolean existsOrMatches(String path) {
    if (!path.contains("*")) {
      return Files.exists(TOP.resolve(path));
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
    try (Stream<Path> all = Files.walk(TOP)) {
      return all.anyMatch(p -> matcher.matches(TOP.relativize(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isOutsideClass(String simpleName) {
    ClassLoader loader = DocsTest.class.getClassLoader();
    for (String pkg : OUTSIDE_PACKAGES) {
      try {
        Class.forName(pkg + simpleName, false, loader);
        return true;
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next package
      }
    }
    return false;
  }

  private static String name(Path file) {
    return TOP.relativize(file).toString();
  }
}
