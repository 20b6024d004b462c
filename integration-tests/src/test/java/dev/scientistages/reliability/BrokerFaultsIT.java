package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.reliability.FaultRun.Fault;
import dev.scientistages.support.Slow;
import dev.scientistages.toolkit.KafkaCluster;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Brokers of a replicated cluster killed, frozen and bounced under a steady load into two instances
 * under exactly_once_v2 (see {@link FaultRun}): nothing lost, nothing twice, each key in order, no
 * transaction left open, and the instances' logs one line per event rather than a storm.
 */
@Slow
@Tag("faults")
class BrokerFaultsIT extends ClusterSuite {
  // Past the broker's session (broker.session.timeout.ms, 9 s by default): it is fenced.
  private static final Duration OUTAGE = Duration.ofSeconds(15L * FaultRun.SOAK_FACTOR);

  @Test
  void shouldMapEveryRecordExactlyOnceWhenTheLeadingBrokerIsKilledAndRestarted() {
    Fault fault =
        outage(
            "broker killed, restarted after " + OUTAGE.toSeconds() + " s",
            KafkaCluster.Node::kill,
            KafkaCluster.Node::start);
    assertBounded(FaultRun.run(harness, "broker-kill", "exactly_once_v2", fault));
  }

  @Test
  void shouldMapEveryRecordExactlyOnceWhenABrokerIsFrozenPastItsSession() {
    Fault fault =
        outage(
            "broker frozen " + OUTAGE.toSeconds() + " s (SIGSTOP, SIGCONT)",
            KafkaCluster.Node::freeze,
            KafkaCluster.Node::wake);
    assertBounded(FaultRun.run(harness, "broker-freeze", "exactly_once_v2", fault));
  }

  @Test
  void shouldMapEveryRecordExactlyOnceThroughARollingRestart() {
    Fault fault =
        Fault.of(
            "rolling restart (SIGTERM, start, in sync again; controller last)",
            Duration.ofSeconds(45),
            c -> {
              for (int i = 1; i <= 3; i++) {
                // The active controller last, as an operator bounces a quorum.
                int id = (c.controller + i - 1) % 3 + 1;
                KafkaCluster.Node node = c.node(id);
                int exit = node.stop();
                assertThat(exit).as("node %d stopped cleanly:%n%s", id, node.tail()).isIn(0, 143);
                node.start();
                c.harness.cluster.awaitBrokers(3, ClusterHarness.SLACK);
                c.harness.state.awaitHealthy(3, ClusterHarness.SLACK);
                c.note("node %d bounced (exit %d), every partition in sync again", id, exit);
              }
            });
    assertBounded(FaultRun.run(harness, "broker-rolling", "exactly_once_v2", fault));
  }

  @Test
  void shouldMapEveryRecordExactlyOnceWhenAnInstanceIsKilledWhileABrokerFailsOver() {
    Fault fault =
        Fault.of(
            "broker and instance killed together, instance restarted at once, broker after "
                + OUTAGE.toSeconds()
                + " s",
            OUTAGE,
            c -> {
              long at = System.currentTimeMillis();
              c.node(c.leader).kill();
              c.fleet.killAndRestart(0);
              var fenced = c.watchFenced(c.leader, at, at + OUTAGE.toMillis());
              c.note(
                  "instance 0 killed and restarted %d ms after the broker",
                  System.currentTimeMillis() - at);
              c.pauseUntil(at + OUTAGE.toMillis());
              c.node(c.leader).start();
              c.note("broker %d fenced %s", c.leader, FaultRun.Context.seen(fenced));
            });
    assertBounded(FaultRun.run(harness, "broker-and-instance-kill", "exactly_once_v2", fault));
  }

  /**
   * The broker leading the most input partitions out for {@link #OUTAGE}: begun, held past its
   * session (the controller fences it), then ended.
   */
  private static Fault outage(
      String name, Consumer<KafkaCluster.Node> begin, Consumer<KafkaCluster.Node> end) {
    return Fault.of(
        name,
        OUTAGE,
        c -> {
          long at = System.currentTimeMillis();
          begin.accept(c.node(c.leader));
          var fenced = c.watchFenced(c.leader, at, at + OUTAGE.toMillis());
          c.pauseUntil(at + OUTAGE.toMillis());
          end.accept(c.node(c.leader));
          c.note("broker %d fenced %s", c.leader, FaultRun.Context.seen(fenced));
        });
  }
}
