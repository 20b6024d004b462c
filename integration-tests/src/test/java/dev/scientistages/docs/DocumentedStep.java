package dev.scientistages.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command of a page's {@code sh} blocks, with the output lines the page shows after it (a plain
 * fenced block right after the command's block). A here-document is part of its command.
 */
record DocumentedStep(String command, List<String> expectedLines) {
  private static final Pattern RUN = Pattern.compile("^java -jar \\S+ run( .*)?$");
  private static final Pattern HERE_DOC = Pattern.compile("<<'?(\\w+)'?");

  /** Whether the command is a {@code run}, which goes on until it is stopped. */
  boolean isRun() {
    return RUN.matcher(command).matches();
  }

  /** Whether an output line is like the line the page shows: {@code ...} stands for any text. */
  static boolean matches(String shown, String line) {
    StringBuilder regex = new StringBuilder();
    String[] parts = shown.strip().split("\\.\\.\\.", -1);
    for (int i = 0; i < parts.length; i++) {
      regex.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
    }
    return line.strip().matches(regex.toString());
  }

  /**
   * The steps between the line starting with {@code from} and the next line starting with {@code
   * to}, in order.
   */
  static List<DocumentedStep> of(Path page, String from, String to) throws IOException {
    List<String> lines = Files.readAllLines(page);
    int start = indexOf(lines, from, 0, page);
    int end = indexOf(lines, to, start + 1, page);
    List<DocumentedStep> steps = new ArrayList<>();
    for (int i = start; i < end; i++) {
      String fence = lines.get(i);
      if (!fence.startsWith("```")) {
        continue;
      }
      List<String> block = new ArrayList<>();
      int close = i + 1;
      while (!lines.get(close).startsWith("```")) {
        block.add(lines.get(close++));
      }
      if (fence.equals("```sh")) {
        steps.addAll(commands(block));
      } else if (!steps.isEmpty()) {
        DocumentedStep last = steps.remove(steps.size() - 1);
        List<String> shown = new ArrayList<>(last.expectedLines());
        shown.addAll(block.stream().filter(l -> !l.isBlank()).toList());
        steps.add(new DocumentedStep(last.command(), List.copyOf(shown)));
      }
      i = close;
    }
    return steps;
  }

  private static List<DocumentedStep> commands(List<String> block) {
    List<DocumentedStep> steps = new ArrayList<>();
    for (int i = 0; i < block.size(); i++) {
      String line = block.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      StringBuilder command = new StringBuilder(line);
      Matcher here = HERE_DOC.matcher(line);
      if (here.find()) {
        while (!block.get(i).equals(here.group(1))) {
          command.append('\n').append(block.get(++i));
        }
      }
      steps.add(new DocumentedStep(command.toString().strip(), List.of()));
    }
    return steps;
  }

  private static int indexOf(List<String> lines, String prefix, int from, Path page) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError(page + " has no line starting with " + prefix);
  }
}
