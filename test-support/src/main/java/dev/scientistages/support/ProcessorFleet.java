package dev.scientistages.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Instances of the processor ({@code run}), each a child JVM in a slot of its own (own state
 * directory, own output files), all with one application id and one set of topics: a test kills,
 * stops and restarts them and asks whether they are RUNNING and how far the group has committed.
 */
public final class ProcessorFleet implements AutoCloseable {
  /** The state-change line the application logs; group 1 is the new state. */
  public static final Pattern STATE = Pattern.compile("Streams state \\w+ -> (\\w+)");

  private final Path dir;
  private final String bootstrapServers;
  private final String applicationId;
  private final String inputTopic;
  private final List<String> args;
  private final AppProcess[] slots;
  private final int[] starts;
  private final boolean[] retired;
  private IntFunction<List<String>> prefix = slot -> List.of();
  private int kills;
  private int cleanStops;

  /**
   * @param topics input, output and dead-letter topic names
   * @param extraArgs further arguments of {@code run}, e.g. {@code --guarantee at_least_once}
   */
  public ProcessorFleet(
      Path dir,
      String bootstrapServers,
      String applicationId,
      Topics topics,
      int instances,
      List<String> extraArgs) {
    this.dir = dir;
    this.bootstrapServers = bootstrapServers;
    this.applicationId = applicationId;
    this.inputTopic = topics.input();
    this.slots = new AppProcess[instances];
    this.starts = new int[instances];
    this.retired = new boolean[instances];
    List<String> a = new ArrayList<>();
    a.addAll(
        List.of(
            "run",
            "-b",
            bootstrapServers,
            "--application-id",
            applicationId,
            "--reference-year",
            "2017",
            "-s",
            "ages.topic.input=" + topics.input(),
            "-s",
            "ages.topic.output=" + topics.output(),
            "-s",
            "errors.dead.letter.queue.topic.name=" + topics.deadLetters()));
    a.addAll(extraArgs);
    this.args = List.copyOf(a);
  }

  /**
   * Runs each slot's instance through a command prefix of its own, such as {@code ip netns exec NS}
   * for a network host per instance; returns this fleet.
   */
  public ProcessorFleet withCommandPrefix(IntFunction<List<String>> prefixOfSlot) {
    this.prefix = prefixOfSlot;
    return this;
  }

  /** The three topic names of a run. */
  public record Topics(String input, String output, String deadLetters) {
    public static Topics of(String prefix) {
      return new Topics(prefix + ".in", prefix + ".out", prefix + ".dlq");
    }
  }

  /** Starts (or restarts) the instance of a slot. */
  public AppProcess start(int slot) {
    if (slots[slot] != null && slots[slot].isAlive()) {
      throw new IllegalStateException("slot " + slot + " is running");
    }
    starts[slot]++;
    List<String> a = new ArrayList<>(args);
    a.add("-s");
    a.add("state.dir=" + dir.resolve("state-" + slot));
    slots[slot] =
        AppProcess.startWithPrefix(
            prefix.apply(slot),
            dir,
            applicationId + "-" + slot + "-" + starts[slot],
            Map.of(),
            List.of(),
            a.toArray(String[]::new));
    return slots[slot];
  }

  public void startAll() {
    for (int i = 0; i < slots.length; i++) {
      start(i);
    }
  }

  public AppProcess instance(int slot) {
    return slots[slot];
  }

  public int size() {
    return slots.length;
  }

  /** SIGKILL, then a new instance in the same slot. */
  public void killAndRestart(int slot) {
    slots[slot].kill();
    kills++;
    start(slot);
  }

  /** SIGKILL, and no new instance: the others must take its partitions over. */
  public void kill(int slot) {
    slots[slot].kill();
    kills++;
    retired[slot] = true;
  }

  /** SIGTERM (the instance commits and leaves the group), then a new one in the same slot. */
  public void stopAndRestart(int slot) {
    int exit = slots[slot].stop(Duration.ofSeconds(60));
    if (exit != 0 && exit != 143) {
      throw new AssertionError(
          "instance " + slot + " stopped with exit code " + exit + ":\n" + slots[slot].stderr());
    }
    cleanStops++;
    start(slot);
  }

  public int kills() {
    return kills;
  }

  public int cleanStops() {
    return cleanStops;
  }

  /** Restarts so far (after kills and clean stops). */
  public int restarts() {
    int n = 0;
    for (int s : starts) {
      n += s - 1;
    }
    return n;
  }

  /** Waits until every instance's last state line says RUNNING; fails if one exits. */
  public void awaitAllRunning(Duration timeout) {
    Await.until(
        "every instance RUNNING",
        timeout,
        () -> {
          boolean all = true;
          for (int i = 0; i < slots.length; i++) {
            AppProcess p = slots[i];
            if (retired[i]) {
              continue;
            }
            if (!p.isAlive()) {
              throw new AssertionError(
                  "instance " + i + " exited (" + p.awaitExit(Duration.ZERO) + "):\n" + p.stderr());
            }
            all &= "RUNNING".equals(p.lastOutput(STATE));
          }
          return all;
        });
  }

  /**
   * Waits until the instance is RUNNING and has logged no state change for {@code quiet}: start-up
   * may take more than one rebalance (a stream thread that joins a generation late gets its tasks
   * in a follow-up one), with a short RUNNING between them.
   *
   * @return the number of state lines the instance has logged so far
   */
  public int awaitSteadyRunning(int slot, Duration quiet, Duration timeout) {
    AppProcess p = slots[slot];
    int[] lines = {-1};
    long[] since = {System.nanoTime()};
    Await.until(
        "instance " + slot + " RUNNING with no state change for " + quiet,
        timeout,
        () -> {
          if (!p.isAlive()) {
            throw new AssertionError("instance " + slot + " exited:\n" + p.stderr());
          }
          List<String> states = p.outputs(STATE);
          if (states.size() != lines[0]) {
            lines[0] = states.size();
            since[0] = System.nanoTime();
            return false;
          }
          return !states.isEmpty()
              && "RUNNING".equals(states.get(states.size() - 1))
              && System.nanoTime() - since[0] >= quiet.toNanos();
        });
    return lines[0];
  }

  /**
   * Waits until the group's committed offsets reach the end of every input partition: every input
   * record is processed and its result committed.
   */
  public void awaitAllCommitted(Duration timeout) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Await.until(
          "the group to commit the end of every input partition",
          timeout,
          () -> {
            for (int i = 0; i < slots.length; i++) {
              if (!retired[i] && !slots[i].isAlive()) {
                throw new AssertionError("instance " + i + " exited:\n" + slots[i].stderr());
              }
            }
            try {
              return CommittedRecords.lag(admin, applicationId, inputTopic) == 0;
            } catch (Exception e) {
              return false;
            }
          });
    }
  }

  /** SIGTERM to every instance; each must stop cleanly (exit 0, or 143 as a signal). */
  public void stopAll() {
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != null && !retired[i] && slots[i].isAlive()) {
        int exit = slots[i].stop(Duration.ofSeconds(60));
        if (exit != 0 && exit != 143) {
          throw new AssertionError(
              "instance " + i + " stopped with exit code " + exit + ":\n" + slots[i].stderr());
        }
      }
    }
  }

  @Override
  public void close() {
    for (AppProcess p : slots) {
      if (p != null) {
        p.close();
      }
    }
  }
}
