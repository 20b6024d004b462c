package dev.scientistages.cli;

import dev.scientistages.cluster.ClusterAccessException;
import dev.scientistages.cluster.LocalBrokerException;
import dev.scientistages.config.InvalidSettingException;
import dev.scientistages.topics.TopicFileException;
import dev.scientistages.topics.TopicSetupException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process's exit codes, for every verb; their help text is written from here too. The last two
 * are the JVM's own (128 + the signal's number), after the verb's clean stop: no verb returns them.
 */
public enum ExitCode {
  OK(0, "success"),
  FAILED(1, "the processor failed (streams client in ERROR) or a verb's check failed"),
  USAGE(2, "invalid setting, topic file or command line"),
  UNAVAILABLE(3, "the cluster, the topics or the embedded broker could not be made ready"),
  ACCESS_DENIED(4, "the cluster refused access: authentication failed or an ACL is missing"),
  INTERRUPTED(130, "stopped by Ctrl-C (SIGINT), after a clean stop"),
  TERMINATED(143, "stopped by SIGTERM, after a clean stop");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /** The code of a failure that escaped a verb. */
  public static ExitCode of(Exception e) {
    if (e instanceof ClusterAccessException) {
      return ACCESS_DENIED;
    }
    if (e instanceof InvalidSettingException || e instanceof TopicFileException) {
      return USAGE;
    }
    if (e instanceof TopicSetupException
        || e instanceof LocalBrokerException
        || e instanceof UncheckedIOException) {
      return UNAVAILABLE;
    }
    return FAILED;
  }

  /** Code → meaning, in order, as picocli's usage help lists them. */
  public static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode c : values()) {
      list.put(Integer.toString(c.code), c.meaning);
    }
    return list;
  }
}
