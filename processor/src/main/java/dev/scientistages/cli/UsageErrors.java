package dev.scientistages.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A bad command line: one line naming the option and the value, a suggestion only when a name is
 * close to what was typed, and where the help is, instead of picocli's whole usage message.
 */
public final class UsageErrors implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getColorScheme().errorText(message(ex)));
    if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      List<String> close = closeMatches(unmatched.getUnmatched().get(0), candidates(cmd));
      if (!close.isEmpty()) {
        err.println("Did you mean " + String.join(" or ", close) + "?");
      }
    }
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(
        cmd.getParent() == null
            ? "Run '" + name + " help' for the verbs."
            : "Run '" + name + " --help' for the options.");
    err.flush();
    return ExitCode.USAGE.code();
  }

  /** picocli's message, with the option's name in front of a converter's own message. */
  static String message(ParameterException ex) {
    ArgSpec arg = ex.getArgSpec();
    if (ex.getCause() instanceof TypeConversionException conversion && arg != null) {
      String name = arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
      return name + ": " + conversion.getMessage();
    }
    if (ex instanceof UnmatchedArgumentException unmatched
        && !ex.getCommandLine().getSubcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      return "Unknown verb: '" + unmatched.getUnmatched().get(0) + "'";
    }
    return ex.getMessage();
  }

  private static List<String> candidates(CommandLine cmd) {
    List<String> names = new ArrayList<>(cmd.getCommandSpec().optionsMap().keySet());
    names.addAll(cmd.getSubcommands().keySet());
    return names;
  }

  /**
   * The names within a small edit distance of what was typed, or that it begins; none for a word
   * too short to tell (a mistyped one-letter option is close to every other).
   */
  static List<String> closeMatches(String typed, List<String> names) {
    String word = core(typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed);
    boolean option = typed.startsWith("-");
    TreeSet<String> best = new TreeSet<>();
    int bestDistance = Integer.MAX_VALUE;
    if (word.length() < 3) {
      return List.of();
    }
    for (String name : names) {
      String other = core(name);
      if (name.startsWith("-") != option || other.length() < 3) {
        continue;
      }
      int distance = other.startsWith(word) ? 0 : distance(word, other);
      if (distance > Math.max(1, word.length() / 4) || distance > bestDistance) {
        continue;
      }
      if (distance < bestDistance) {
        best.clear();
        bestDistance = distance;
      }
      best.add("'" + name + "'");
    }
    return List.copyOf(best);
  }

  private static String core(String name) {
    return name.replaceFirst("^-+", "");
  }

  /** Edits (insert, delete, replace, swap two neighbours) from a to b. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
