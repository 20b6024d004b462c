package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.reliability.FaultRun.Fault;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.support.ProcessorFleet;
import dev.scientistages.support.Slow;
import dev.scientistages.toolkit.IsolatedNetwork;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A zombie: one of two instances cut off from the cluster (not killed) for longer than its session
 * ({@code session.timeout.ms} 6 s) and its transaction timeout (5 s), then cabled again. Its tasks
 * move to the other instance; what it still had in flight is fenced (exactly_once_v2) and nothing
 * is duplicated; it comes back into the group, or exits and is restarted, and says so in a line or
 * two rather than a storm. Under at_least_once the same fault may write records twice: counted and
 * reported, never lost.
 */
@Slow
@Tag("faults")
class ZombieProcessorIT extends ClusterSuite {
  private static final Duration CUT = Duration.ofSeconds(15L * FaultRun.SOAK_FACTOR);

  @Test
  void shouldFenceAZombieInstanceAndDuplicateNothingUnderExactlyOnce() {
    Zombie zombie = new Zombie("zombie-eos");
    FaultReport report = FaultRun.run(harness, zombie.app, "exactly_once_v2", zombie.fault());
    assertZombie(report, zombie);
  }

  @Test
  void shouldLoseNothingWhenAZombieInstanceReturnsUnderAtLeastOnce() {
    Zombie zombie = new Zombie("zombie-alo");
    FaultReport report = FaultRun.run(harness, zombie.app, "at_least_once", zombie.fault());
    assertZombie(report, zombie);
  }

  private static void assertZombie(FaultReport report, Zombie zombie) {
    assertThat(report.stallMillis()).as(report.toString()).isLessThan(BOUND);
    assertThat(report.maxWarnings()).as(report.toString()).isLessThanOrEqualTo(WARNINGS);
    if (zombie.exit != null) {
      assertThat(report.log(0).lives()).as(report.toString()).isEqualTo(2);
    } else {
      assertThat(zombie.backInGroup).as(report.toString()).isTrue();
      // Its late work refused, and said so in a line or two: Streams' line for a thread that
      // missed a rebalance, or, when its late commit is refused (InvalidTxnStateException after
      // the coordinator aborted the transaction), the processor's line replacing the thread.
      assertThat(
              report.log(0).count("Detected that the thread is being fenced")
                  + report
                      .log(0)
                      .count("A stream thread failed on a transient error; replacing it"))
          .as(report.toString())
          .isBetween(1L, 4L);
      assertThat(report.log(0).lives()).as(report.toString()).isEqualTo(1);
    }
  }

  /**
   * What became of the zombie: the exit code if it exited, else whether it is back in the group.
   */
  private static final class Zombie {
    final String app;
    Integer exit;
    boolean backInGroup;

    Zombie(String app) {
      this.app = app;
    }

    Fault fault() {
      return Fault.of(
          "instance cut off " + CUT.toSeconds() + " s, healed",
          CUT,
          c -> {
            IsolatedNetwork.Host host = harness.processorHosts.get(0);
            AppProcess instance = c.fleet.instance(0);
            int states = instance.outputs(ProcessorFleet.STATE).size();
            long at = System.currentTimeMillis();
            harness.network.cut(host);
            c.pauseUntil(at + CUT.toMillis());
            harness.network.heal(host);
            c.ended();
            Await.until(
                "the zombie exited, or RUNNING again after a rebalance",
                ClusterHarness.SLACK,
                () ->
                    !instance.isAlive()
                        || (instance.outputs(ProcessorFleet.STATE).size() > states
                            && "RUNNING".equals(instance.lastOutput(ProcessorFleet.STATE))));
            if (!instance.isAlive()) {
              exit = instance.awaitExit(Duration.ZERO);
              List<String> lines = instance.stderr().lines().toList();
              c.note(
                  "the zombie exited with code %d %d ms after the heal; its last lines: %s",
                  exit,
                  System.currentTimeMillis() - at - CUT.toMillis(),
                  lines.subList(Math.max(0, lines.size() - 3), lines.size()));
              c.fleet.start(0);
            } else {
              c.fleet.awaitSteadyRunning(0, Duration.ofSeconds(3), ClusterHarness.SLACK);
              backInGroup = isMember(app, host);
              c.note(
                  "the zombie is RUNNING again %d ms after the heal, in the group: %s; state lines"
                      + " since the cut: %s",
                  System.currentTimeMillis() - at - CUT.toMillis(),
                  backInGroup,
                  instance
                      .outputs(ProcessorFleet.STATE)
                      .subList(states, instance.outputs(ProcessorFleet.STATE).size()));
            }
          });
    }
  }

  /** Whether a member of the instance's consumer group runs on the host. */
  private static boolean isMember(String group, IsolatedNetwork.Host host) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.bootstrapServers()))) {
      return admin
          .describeConsumerGroups(List.of(group))
          .all()
          .get(10, TimeUnit.SECONDS)
          .get(group)
          .members()
          .stream()
          .map(MemberDescription::host)
          .anyMatch(h -> h.contains(host.address()));
    } catch (Exception e) {
      throw new AssertionError("the group could not be described", e);
    }
  }
}
