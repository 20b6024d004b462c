package dev.scientistages;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The processor's packages in layers, each using only those below it, bottom to top: {@code model}
 * (the records); {@code serde} (JSON); {@code deadletter} (reason codes, headers, the handlers);
 * {@code topology} (the pure stream, its transformation and counts); {@code config} (the settings);
 * {@code cluster} and {@code topics}; {@code io} (the client verbs' readers and writers); {@code
 * runtime} (the running service); {@code redrive}; {@code cli} (the verbs); and {@code Main} alone
 * in the root package on top. So no package cycle, and the product never imports the workshop
 * (toolkit, bench, JMH, the test kit). Only the processor's main classes are read.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.scientistages";

  /** Bottom to top; a new package fails here until it is given its floor. */
  private static final List<String> LAYERS =
      List.of(
          "model",
          "serde",
          "deadletter",
          "topology",
          "config",
          "cluster",
          "topics",
          "io",
          "runtime",
          "redrive",
          "cli");

  private static final String ENTRY = "entry";

  /** One slice per package, the root package included. */
  private static final SliceAssignment PACKAGES =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
          String p = c.getPackageName();
          return p.equals(ROOT) || p.startsWith(ROOT + ".")
              ? SliceIdentifier.of(p)
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "the processor's packages";
        }
      };

  private static JavaClasses processor;

  @BeforeAll
  static void importTheProcessorsClasses() throws Exception {
    Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    processor =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(classes);
    assertThat(processor.contain(Main.class)).as("the processor's classes").isTrue();
    assertThat(processor.contain(ArchitectureTest.class)).as("test classes").isFalse();
  }

  @Test
  void shouldHaveNoCycleAmongThePackages() {
    slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(processor);
  }

  @Test
  void shouldUseOnlyTheLayersBelow() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String layer : LAYERS) {
      layers = layers.layer(layer).definedBy(ROOT + "." + layer + "..");
    }
    layers = layers.layer(ENTRY).definedBy(ROOT);
    List<String> floors = new ArrayList<>(LAYERS);
    floors.add(ENTRY);
    layers = layers.whereLayer(floors.get(0)).mayNotAccessAnyLayer();
    for (int i = 1; i < floors.size(); i++) {
      layers =
          layers
              .whereLayer(floors.get(i))
              .mayOnlyAccessLayers(floors.subList(0, i).toArray(String[]::new));
    }
    layers.ensureAllClassesAreContainedInArchitecture().check(processor);
  }

  @Test
  void shouldNotImportTheWorkshop() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".toolkit..", ROOT + ".bench..", ROOT + ".jmh..", ROOT + ".support..")
        .because("the product carries none of the workshop: toolkit, bench, JMH, test kit")
        .check(processor);
  }
}
