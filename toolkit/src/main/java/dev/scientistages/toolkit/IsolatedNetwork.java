package dev.scientistages.toolkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network of hosts on one machine, for tests that cut hosts apart: each host a Linux network
 * namespace with an address of its own, joined by a veth pair to a bridge that holds the subnet's
 * first address, so that this JVM reaches every host. Needs root and iproute2.
 *
 * <p>Everything it makes is named {@code ages<pid>...} after this JVM and removed, with any process
 * still in its namespaces, by {@link #close()} or, should the JVM end first, by its shutdown hook;
 * what a JVM killed before either could run left behind is swept at the next start. Nothing else on
 * the machine is touched.
 */
public final class IsolatedNetwork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IsolatedNetwork.class);
  private static final String PREFIX = "ages";
  // Interface names have at most 15 characters: ages, a pid of up to 7 digits, then br or v/p.
  private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)(br|[vp]\\d+|-|probe)");

  private final String name = PREFIX + ProcessHandle.current().pid();
  private final String subnet;
  private final String bridge = name + "br";
  private final List<Host> hosts = new ArrayList<>();
  private final Thread hook = new Thread(this::remove, "isolated-network-cleanup");
  private boolean closed;

  /** One host: a namespace, its address, and the host end of its veth pair on the bridge. */
  public record Host(String namespace, String address, String veth) {
    /** The command prefix that runs a program on this host. */
    public List<String> prefix() {
      return List.of("ip", "netns", "exec", namespace);
    }
  }

  private IsolatedNetwork(String subnet) {
    this.subnet = subnet;
  }

  /** Whether this machine lets us make network namespaces (root, iproute2): tried for real. */
  public static boolean usable() {
    String probe = PREFIX + ProcessHandle.current().pid() + "probe";
    if (run(List.of("ip", "netns", "add", probe)) != 0) {
      return false;
    }
    run(List.of("ip", "netns", "delete", probe));
    return true;
  }

  /**
   * Sweeps what dead JVMs left, then makes the bridge with address {@code subnet + ".1/24"}; fails
   * if any interface already holds an address in that /24.
   *
   * @param subnet the first three octets of a private /24, e.g. {@code 10.213.0}
   */
  public static IsolatedNetwork create(String subnet) {
    sweep();
    String taken = output(List.of("ip", "-o", "-4", "addr", "show"));
    if (taken.contains(" " + subnet + ".")) {
      throw new IllegalStateException(
          "the subnet " + subnet + ".0/24 is in use on this machine:\n" + taken);
    }
    IsolatedNetwork network = new IsolatedNetwork(subnet);
    Runtime.getRuntime().addShutdownHook(network.hook);
    try {
      network.ip("link", "add", network.bridge, "type", "bridge");
      network.ip("addr", "add", subnet + ".1/24", "dev", network.bridge);
      network.ip("link", "set", network.bridge, "up");
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
    return network;
  }

  /** A new host with address {@code subnet.octet}, its own loopback up, cabled to the bridge. */
  public Host host(String label, int octet) {
    String ns = name + "-" + label;
    String veth = name + "v" + octet;
    String peer = name + "p" + octet;
    Host host = new Host(ns, subnet + "." + octet, veth);
    hosts.add(host);
    ip("netns", "add", ns);
    ip("link", "add", veth, "type", "veth", "peer", "name", peer);
    ip("link", "set", peer, "netns", ns);
    ip("link", "set", veth, "master", bridge);
    ip("link", "set", veth, "up");
    ip("-n", ns, "link", "set", peer, "name", "eth0");
    ip("-n", ns, "addr", "add", host.address() + "/24", "dev", "eth0");
    ip("-n", ns, "link", "set", "eth0", "up");
    ip("-n", ns, "link", "set", "lo", "up");
    return host;
  }

  /** Cuts the host's cable: nothing reaches it or leaves it until {@link #heal(Host)}. */
  public void cut(Host host) {
    ip("link", "set", host.veth(), "down");
  }

  public void heal(Host host) {
    ip("link", "set", host.veth(), "up");
  }

  /**
   * Whether this kernel has netem, the queueing discipline that delays packets (some VM kernels are
   * built without it): tried for real on a namespace of its own.
   */
  public static boolean netemAvailable() {
    String probe = PREFIX + ProcessHandle.current().pid() + "probe";
    if (run(List.of("ip", "netns", "add", probe)) != 0) {
      return false;
    }
    try {
      return run(List.of("tc", "-n", probe, "qdisc", "add", "dev", "lo", "root", "netem")) == 0;
    } finally {
      run(List.of("ip", "netns", "delete", probe));
    }
  }

  /**
   * Degrades what the host sends with Linux's netem ({@code tc qdisc ... netem}), e.g. {@code
   * "delay", "100ms", "20ms", "loss", "1%"}; until {@link #restore(Host)} or the network's close.
   */
  public void degrade(Host host, String... netem) {
    List<String> command =
        new ArrayList<>(List.of("-n", host.namespace(), "qdisc", "add", "dev", "eth0", "root"));
    command.add("netem");
    command.addAll(List.of(netem));
    tc(command);
  }

  /**
   * Drops at random this fraction of the packets the host sends and of those it receives (an
   * iptables rule in its namespace, needing no netem); until {@link #restore(Host)}.
   */
  public void drop(Host host, double fraction) {
    for (String chain : List.of("INPUT", "OUTPUT")) {
      ip(
          "netns",
          "exec",
          host.namespace(),
          "iptables",
          "-A",
          chain,
          chain.equals("INPUT") ? "-i" : "-o",
          "eth0",
          "-m",
          "statistic",
          "--mode",
          "random",
          "--probability",
          Double.toString(fraction),
          "-j",
          "DROP");
    }
  }

  /** Removes what {@link #degrade} and {@link #drop} put on the host's interface. */
  public void restore(Host host) {
    if (qdisc(host).contains("netem")) {
      tc(List.of("-n", host.namespace(), "qdisc", "del", "dev", "eth0", "root"));
    }
    // The namespace is this network's own: its rules are all ours.
    ip("netns", "exec", host.namespace(), "iptables", "-F");
  }

  /** The queueing discipline on the host's interface, as {@code tc qdisc show} prints it. */
  public String qdisc(Host host) {
    return output(List.of("tc", "-n", host.namespace(), "qdisc", "show", "dev", "eth0"));
  }

  /** The host's packet filter rules, as {@code iptables -S} prints them. */
  public String rules(Host host) {
    return output(List.of("ip", "netns", "exec", host.namespace(), "iptables", "-S"));
  }

  private static void tc(List<String> args) {
    List<String> command = new ArrayList<>(List.of("tc"));
    command.addAll(args);
    String out = output(command);
    if (out.startsWith("exit ")) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  /** Removes every namespace, veth and the bridge this network made. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    remove();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs anyway.
    }
  }

  private synchronized void remove() {
    if (closed) {
      return;
    }
    closed = true;
    for (Host host : hosts) {
      deleteNamespace(host.namespace());
      // A deleted namespace may leave its veth's host end behind.
      run(List.of("ip", "link", "delete", host.veth()));
    }
    run(List.of("ip", "link", "delete", bridge));
  }

  /** Deletes the namespaces and links named after a JVM that is no longer running. */
  private static void sweep() {
    for (String ns : output(List.of("ip", "netns", "list")).lines().toList()) {
      String n = ns.split("\\s+")[0];
      if (leftOver(n)) {
        LOG.info("Removing network namespace {}, left by an earlier run", n);
        deleteNamespace(n);
      }
    }
    Pattern link = Pattern.compile("^\\d+: ([^:@]+)[@:]");
    for (String line : output(List.of("ip", "-o", "link", "show")).lines().toList()) {
      Matcher m = link.matcher(line);
      if (m.find() && leftOver(m.group(1))) {
        LOG.info("Removing network link {}, left by an earlier run", m.group(1));
        run(List.of("ip", "link", "delete", m.group(1)));
      }
    }
  }

  /** Kills what still runs in the namespace (a JVM outlives its parent), then deletes it. */
  private static void deleteNamespace(String ns) {
    for (String pid : output(List.of("ip", "netns", "pids", ns)).lines().toList()) {
      if (pid.strip().matches("\\d+")) {
        run(List.of("kill", "-KILL", pid.strip()));
      }
    }
    run(List.of("ip", "netns", "delete", ns));
  }

  private static boolean leftOver(String name) {
    Matcher m = OURS.matcher(name);
    return m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
  }

  private void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    String out = output(command);
    if (out.startsWith("exit ")) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static int run(List<String> command) {
    return output(command).startsWith("exit ") ? 1 : 0;
  }

  /** The command's output; on a non-zero exit, "exit N: " and its output. */
  private static String output(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "exit -1: timed out: " + out;
      }
      return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
    } catch (IOException e) {
      return "exit -1: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }
}
