package dev.scientistages.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application's {@code Main} in a child JVM, with the test's classpath: a process that a test
 * can stop with SIGTERM, kill with SIGKILL (no clean close at all) and read the output of.
 */
public final class AppProcess implements AutoCloseable {
  /** System property naming the processor's runnable jar. */
  public static final String PROCESSOR_JAR = "processor.jar";

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final String name;

  private AppProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code java -cp <classpath> dev.scientistages.Main args...}: the processor's runnable
   * jar when the system property {@value #PROCESSOR_JAR} names it (as the Docker image runs it),
   * else the test's classpath.
   *
   * @param name names the output files in {@code dir}
   * @param env environment variables to add to this JVM's
   */
  public static AppProcess start(Path dir, String name, Map<String, String> env, String... args) {
    return start(dir, name, env, List.of(), args);
  }

  /**
   * As {@link #start(Path, String, Map, String...)}, with JVM options: for instance a {@code
   * java.io.tmpdir} of its own, as a container has its own {@code /tmp}.
   */
  public static AppProcess start(
      Path dir, String name, Map<String, String> env, List<String> jvmOptions, String... args) {
    return startWithPrefix(List.of(), dir, name, env, jvmOptions, args);
  }

  /**
   * As {@link #start(Path, String, Map, List, String...)}, the command run by {@code prefix}: with
   * {@code ip netns exec NS}, on a network host of its own. The prefix must exec the JVM, so that
   * the process a test signals is the JVM itself.
   */
  public static AppProcess startWithPrefix(
      List<String> prefix,
      Path dir,
      String name,
      Map<String, String> env,
      List<String> jvmOptions,
      String... args) {
    String jar = System.getProperty(PROCESSOR_JAR);
    if (jar != null && !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(PROCESSOR_JAR + " names no file: " + jar);
    }
    String classpath = jar == null ? System.getProperty("java.class.path") : jar;
    return startJava(dir, name, env, prefix, jvmOptions, classpath, "dev.scientistages.Main", args);
  }

  /**
   * Starts {@code java -cp <test classpath> mainClass args...}: any main of the classpath, such as
   * Kafka's own {@code kafka.Kafka} broker.
   */
  public static AppProcess startJava(
      Path dir, String name, Map<String, String> env, String mainClass, String... args) {
    return startJava(dir, name, env, List.of(), mainClass, args);
  }

  /** As {@link #startJava(Path, String, Map, String, String...)}, with extra JVM options. */
  public static AppProcess startJava(
      Path dir,
      String name,
      Map<String, String> env,
      List<String> jvmOptions,
      String mainClass,
      String... args) {
    return startJava(
        dir,
        name,
        env,
        List.of(),
        jvmOptions,
        System.getProperty("java.class.path"),
        mainClass,
        args);
  }

  private static AppProcess startJava(
      Path dir,
      String name,
      Map<String, String> env,
      List<String> prefix,
      List<String> jvmOptions,
      String classpath,
      String mainClass,
      String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(args));
    Path out = dir.resolve(name + ".stdout");
    Path err = dir.resolve(name + ".stderr");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    try {
      return new AppProcess(name, builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AppProcess start(Path dir, String name, String... args) {
    return start(dir, name, Map.of(), args);
  }

  public String stdout() {
    return read(stdout);
  }

  public String stderr() {
    return read(stderr);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Waits until {@code pattern} appears in the standard output or error and returns its first group
   * (or the whole match); fails if the process ends first or the timeout passes.
   */
  public String awaitOutput(Pattern pattern, Duration timeout) {
    String[] found = {null};
    Await.until(
        name + " to print " + pattern,
        timeout,
        () -> {
          Matcher m = pattern.matcher(completeLines());
          if (m.find()) {
            found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
            return true;
          }
          if (!process.isAlive()) {
            throw new AssertionError(
                name
                    + " ended (exit "
                    + process.exitValue()
                    + ") before printing "
                    + pattern
                    + "; its output:\n"
                    + stdout()
                    + stderr());
          }
          return false;
        });
    return found[0];
  }

  /**
   * The first group (or the whole match) of the last match of {@code pattern} in the standard
   * output and error so far, or null: the latest of a repeated line, such as a state change.
   */
  public String lastOutput(Pattern pattern) {
    List<String> found = outputs(pattern);
    return found.isEmpty() ? null : found.get(found.size() - 1);
  }

  /**
   * The first group (or the whole match) of every match of {@code pattern} in the standard output
   * and error so far, in order; one read, so that a count and the last match agree.
   */
  public List<String> outputs(Pattern pattern) {
    Matcher m = pattern.matcher(completeLines());
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.groupCount() > 0 ? m.group(1) : m.group());
    }
    return found;
  }

  /** How often {@code pattern} occurs in the standard output and error so far. */
  public int countOutput(Pattern pattern) {
    return outputs(pattern).size();
  }

  /** SIGTERM, then waits for the exit code; fails if it does not end in time. */
  public int stop(Duration timeout) {
    process.destroy();
    return awaitExit(timeout);
  }

  /** SIGKILL: no shutdown hook, no commit, no close. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the process to end by itself and returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            name + " did not end within " + timeout + "; its output:\n" + stdout() + stderr());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  /**
   * The standard output and error up to their last line ends: the process may be in the middle of
   * writing a line, and a pattern must not match its first half.
   */
  private String completeLines() {
    String out = stdout();
    String err = stderr();
    return out.substring(0, out.lastIndexOf('\n') + 1)
        + err.substring(0, err.lastIndexOf('\n') + 1);
  }

  /** The file's text; a character cut in half by a write in progress decodes as U+FFFD. */
  private static String read(Path p) {
    try {
      return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
