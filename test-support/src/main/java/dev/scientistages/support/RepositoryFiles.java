package dev.scientistages.support;

import java.nio.file.Path;

/** Files at the top of the repository (topic files, compose file), seen from any module's tests. */
public final class RepositoryFiles {
  private RepositoryFiles() {}

  /**
   * {@code relative} under the repository's top folder, which the build names in {@code root.dir}.
   */
  public static Path path(String relative) {
    String root = System.getProperty("root.dir");
    if (root == null) {
      throw new IllegalStateException("system property root.dir is not set (the pom sets it)");
    }
    return Path.of(root).resolve(relative).normalize();
  }
}
