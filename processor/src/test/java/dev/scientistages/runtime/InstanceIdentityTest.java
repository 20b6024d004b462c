package dev.scientistages.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdentityTest {
  @TempDir Path dir;

  @Test
  void shouldKeepTheSameIdAcrossRestartsInOneStateDirectory() {
    String first;
    try (InstanceIdentity a = InstanceIdentity.acquire(dir.resolve("app")).orElseThrow()) {
      first = a.id();
    }
    try (InstanceIdentity b = InstanceIdentity.acquire(dir.resolve("app")).orElseThrow()) {
      assertThat(b.id()).isEqualTo(first);
    }
    assertThat(dir.resolve("app").resolve(InstanceIdentity.FILE_NAME)).hasContent(first);
  }

  @Test
  void shouldRefuseTheIdWhileAnotherInstanceHoldsIt() {
    try (InstanceIdentity held = InstanceIdentity.acquire(dir).orElseThrow()) {
      assertThat(InstanceIdentity.acquire(dir)).as("while %s is held", held.id()).isEmpty();
    }
    // Released by the stop (or by the kill: the operating system drops the lock with the process).
    Optional<InstanceIdentity> again = InstanceIdentity.acquire(dir);
    assertThat(again).isPresent();
    again.get().close();
  }

  @Test
  void shouldGiveDifferentStateDirectoriesDifferentIds() {
    try (InstanceIdentity a = InstanceIdentity.acquire(dir.resolve("a")).orElseThrow();
        InstanceIdentity b = InstanceIdentity.acquire(dir.resolve("b")).orElseThrow()) {
      assertThat(a.id()).isNotEqualTo(b.id());
    }
  }

  @Test
  void shouldReplaceAFileThatHoldsNoId() throws IOException {
    Files.writeString(dir.resolve(InstanceIdentity.FILE_NAME), "half-writ");
    try (InstanceIdentity a = InstanceIdentity.acquire(dir).orElseThrow()) {
      assertThat(a.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      assertThat(dir.resolve(InstanceIdentity.FILE_NAME)).hasContent(a.id());
    }
  }
}
