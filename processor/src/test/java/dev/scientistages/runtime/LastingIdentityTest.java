package dev.scientistages.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastingIdentityTest {
  @TempDir Path dir;

  private Settings settings(Map<String, String> more) {
    Map<String, String> m = new java.util.HashMap<>(more);
    m.put("state.dir", dir.toString());
    return Settings.of(m);
  }

  @Test
  void shouldKeepTheStateDirectorysIdForTransactionsButJoinAsADynamicMember() {
    Settings s = settings(Map.of());
    Properties p = s.streamsProperties("127.0.0.1:0");
    try (LastingIdentity identity = LastingIdentity.apply(s, p)) {
      assertThat(identity.id()).isPresent();
      assertThat(dir.resolve("scientist-ages").resolve(InstanceIdentity.FILE_NAME))
          .content()
          .contains(identity.id().get());
      // A static member fences itself when a rejoin overlaps a coordinator stall (decision 0011).
      assertThat(p).doesNotContainKey("group.instance.id");
      assertThat(identity.clientSupplier()).isPresent();
      // A second instance on the same state directory gets Streams' own transactional ids.
      Properties other = s.streamsProperties("127.0.0.1:0");
      try (LastingIdentity second = LastingIdentity.apply(s, other)) {
        assertThat(second.id()).isEmpty();
        assertThat(other).doesNotContainKey("group.instance.id");
        assertThat(second.clientSupplier()).isEmpty();
      }
    }
  }

  @Test
  void shouldUseTheUsersGroupInstanceIdAsItIs() {
    Settings s = settings(Map.of("group.instance.id", "pod-7"));
    Properties p = s.streamsProperties("127.0.0.1:0");
    try (LastingIdentity identity = LastingIdentity.apply(s, p)) {
      assertThat(identity.id()).contains("pod-7");
      assertThat(p.get("group.instance.id")).isEqualTo("pod-7");
    }
    assertThat(dir.resolve("scientist-ages")).doesNotExist();
  }

  @Test
  void shouldKeepNoIdentityWithoutTransactions() {
    Settings s = settings(Map.of("processing.guarantee", "at_least_once"));
    try (LastingIdentity identity = LastingIdentity.apply(s, s.streamsProperties("x:1"))) {
      assertThat(identity.id()).isEmpty();
      assertThat(identity.clientSupplier()).isEmpty();
    }
    assertThat(dir.resolve("scientist-ages")).doesNotExist();
  }

  @Test
  void shouldDoNothingWhenTurnedOff() {
    Settings s = settings(Map.of(Settings.STABLE_IDENTITY, "false"));
    Properties p = s.streamsProperties("127.0.0.1:0");
    try (LastingIdentity identity = LastingIdentity.apply(s, p)) {
      assertThat(identity.id()).isEmpty();
      assertThat(identity.clientSupplier()).isEmpty();
      assertThat(p).doesNotContainKey("group.instance.id");
    }
  }

  @Test
  void shouldPutTheIdentityInPlaceOfTheProcessIdInATransactionalId() {
    String streams = "ages-3f1c2a9e-8f5e-4c1e-9d61-3b0e2f3c4d5e-2";
    assertThat(StableTransactionalIds.stable(streams, "ages", "pod-7")).isEqualTo("ages-pod-7-2");
    // An application id with dashes, and an id that is not Streams' shape: left alone.
    assertThat(
            StableTransactionalIds.stable(
                "scientist-ages-3f1c2a9e-8f5e-4c1e-9d61-3b0e2f3c4d5e-1", "scientist-ages", "i"))
        .isEqualTo("scientist-ages-i-1");
    assertThat(StableTransactionalIds.stable("other-1", "ages", "i")).isEqualTo("other-1");
  }
}
