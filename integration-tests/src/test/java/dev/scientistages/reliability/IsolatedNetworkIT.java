package dev.scientistages.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.scientistages.support.OutsideTools;
import dev.scientistages.toolkit.IsolatedNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault suites' network keeps to itself: a host cut off reaches nothing until healed, one whose
 * packets are dropped or delayed (netem, where the kernel has it) is so until restored, and closing
 * removes every namespace and link it made. A subnet of its own, so that it never meets a cluster
 * suite's. Needs root: skipped without, except in CI, where it fails.
 */
@Tag("faults")
class IsolatedNetworkIT {
  private static final String SUBNET = "10.213.9";

  @Test
  void shouldCutHealAndDropThenLeaveNothingBehind() throws IOException {
    OutsideTools.require(IsolatedNetwork.usable(), "ip netns, run as root,", "iproute2");
    OutsideTools.require("iptables", "iptables");
    IsolatedNetwork.Host host;
    try (IsolatedNetwork network = IsolatedNetwork.create(SUBNET);
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(SUBNET + ".1"))) {
      host = network.host("probe-1", 31);
      int port = server.getLocalPort();
      assertThat(connectMillis(host, port)).isNotNegative();

      network.cut(host);
      assertThat(connectMillis(host, port)).isNegative();
      network.heal(host);
      assertThat(connectMillis(host, port)).isNotNegative();

      network.drop(host, 1.0);
      assertThat(network.rules(host)).contains("statistic");
      assertThat(connectMillis(host, port)).isNegative();
      network.restore(host);
      assertThat(network.rules(host)).doesNotContain("statistic");
      assertThat(connectMillis(host, port)).isNotNegative();
    }
    assertGone(host);
  }

  @Test
  void shouldDelayAHostWithNetemUntilRestored() throws IOException {
    OutsideTools.require(IsolatedNetwork.usable(), "ip netns, run as root,", "iproute2");
    assumeThat(IsolatedNetwork.netemAvailable()).as("the kernel has netem (sch_netem)").isTrue();
    IsolatedNetwork.Host host;
    try (IsolatedNetwork network = IsolatedNetwork.create(SUBNET);
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(SUBNET + ".1"))) {
      host = network.host("probe-1", 31);
      int port = server.getLocalPort();
      network.degrade(host, "delay", "300ms");
      assertThat(network.qdisc(host)).contains("netem").contains("delay 300ms");
      assertThat(connectMillis(host, port)).isGreaterThanOrEqualTo(300);
      network.restore(host);
      assertThat(network.qdisc(host)).doesNotContain("netem");
      assertThat(connectMillis(host, port)).isBetween(0L, 299L);
    }
    assertGone(host);
  }

  private static void assertGone(IsolatedNetwork.Host host) {
    assertThat(run("ip", "netns", "list")).doesNotContain(host.namespace());
    assertThat(run("ip", "-o", "link", "show")).doesNotContain(host.veth());
    assertThat(run("ip", "-o", "-4", "addr", "show")).doesNotContain(SUBNET + ".");
  }

  /** How long a TCP connect from the host to the bridge took, in ms; -1 if it failed within 2 s. */
  private static long connectMillis(IsolatedNetwork.Host host, int port) {
    long start = System.nanoTime();
    String address = SUBNET + ".1";
    List<String> command = new ArrayList<>(host.prefix());
    command.addAll(
        List.of("timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + port));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return -1;
      }
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
