package dev.scientistages.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.scientistages.support.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed AsyncAPI document through the official AsyncAPI parser (npm's {@code
 * @asyncapi/parser}, pinned in contracts/check/), run with Node.js. Skipped where Node.js or the
 * parser is missing, except in CI ({@code CI=true}), whose script installs the parser.
 */
class AsyncApiParserTest {
  private static final Path CHECK = RepositoryFiles.path("contracts/check");
  private static final Path DOCUMENT = RepositoryFiles.path("docs/asyncapi.yaml");

  private record Run(int code, String output) {}

  @BeforeAll
  static void requireTheParser() {
    boolean installed =
        Files.isDirectory(CHECK.resolve("node_modules/@asyncapi/parser"))
            && run("node", "--version").code() == 0;
    String how = "Node.js and the parser are installed (cd contracts/check && npm ci)";
    if (!"true".equals(System.getenv("CI"))) {
      assumeThat(installed).as(how).isTrue();
    }
    assertThat(installed).as(how + "; CI installs the parser").isTrue();
  }

  private static Run run(String... command) {
    try {
      Process p =
          new ProcessBuilder(command).directory(CHECK.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Run(p.waitFor(), out);
    } catch (IOException e) {
      return new Run(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command[0], e);
    }
  }

  @Test
  void shouldFindNoErrorInTheCommittedDocument() {
    Run check = run("node", "check-asyncapi.mjs", DOCUMENT.toString());
    assertThat(check.code()).as(check.output()).isZero();
    assertThat(check.output()).contains("valid AsyncAPI 3.0.0, 3 channel(s), 3 operation(s)");
  }

  @Test
  void shouldFailOnADocumentThatBreaksTheSpecification(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("asyncapi.yaml");
    Files.writeString(
        broken, Files.readString(DOCUMENT).replace("action: send", "action: publish"));

    Run check = run("node", "check-asyncapi.mjs", broken.toString());
    assertThat(check.code()).as(check.output()).isEqualTo(1);
    assertThat(check.output()).contains("operations.writeAges.action");
  }
}
