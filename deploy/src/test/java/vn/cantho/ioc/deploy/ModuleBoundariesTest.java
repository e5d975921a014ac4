package vn.cantho.ioc.deploy;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.cantho.ioc.boundaryprobe.CarelessFeature;
import vn.cantho.ioc.core.boundaryprobe.CarelessKernel;

/**
 * Keeps the arrows of the module map (docs/architecture.md, ADR 0012): geo ← ioc-core ← {ingest,
 * adapters, water} ← deploy, and simulators outside the server entirely so they test it from the
 * outside. The kernel is {@code geo} and {@code core}; a feature is any other top package ({@code
 * vn.cantho.ioc.water} now, {@code vn.cantho.ioc.traffic} and the rest later): the kernel, ingest,
 * the adapters and the simulators know no feature, and a feature knows only the kernel, libraries
 * and the features it declares in {@link #DECLARED_FEATURE_DEPENDENCIES}. Maven stops a module from
 * importing what it does not depend on; these rules catch what Maven cannot, e.g. a dependency
 * added to a pom that breaks the design, or a feature package put into a module where it does not
 * belong.
 */
@AnalyzeClasses(
    packages = "vn.cantho.ioc",
    importOptions = {ImportOption.DoNotIncludeTests.class, ModuleBoundariesTest.NoTestJars.class})
class ModuleBoundariesTest {
  /**
   * A module's test-jar (adapters' Kafka test broker) is test code too, though ArchUnit's {@link
   * ImportOption.DoNotIncludeTests} knows test classes only by their directory.
   */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.contains("-tests.jar");
    }
  }

  private static final String ROOT = "vn.cantho.ioc.";
  private static final String GEO = "vn.cantho.ioc.geo..";
  private static final String CORE = "vn.cantho.ioc.core..";
  private static final String INGEST = "vn.cantho.ioc.ingest..";
  private static final String ADAPTERS = "vn.cantho.ioc.adapters..";
  private static final String SIM = "vn.cantho.ioc.sim..";
  private static final String DEPLOY = "vn.cantho.ioc.deploy..";
  private static final String WATER = "vn.cantho.ioc.water..";

  /** The top packages that are not features: the kernel, the edges and the wiring. */
  private static final Set<String> NOT_FEATURES =
      Set.of("core", "geo", "ingest", "adapters", "sim", "deploy");

  /** The kernel: what a feature may build on. */
  private static final Set<String> KERNEL = Set.of("core", "geo");

  /**
   * Which feature may use which other feature's classes, e.g. {@code "flood", Set.of("water")};
   * none yet. A dependency between features is a design decision: declare it here, with a reason.
   */
  static final Map<String, Set<String>> DECLARED_FEATURE_DEPENDENCIES = Map.of();

  /** The feature a class belongs to: the top package under vn.cantho.ioc, unless a kernel one. */
  static Optional<String> featureOf(JavaClass c) {
    String name = c.getPackageName();
    if (!name.startsWith(ROOT)) {
      return Optional.empty();
    }
    String top = name.substring(ROOT.length()).split("\\.", 2)[0];
    return NOT_FEATURES.contains(top) ? Optional.empty() : Optional.of(top);
  }

  private static final DescribedPredicate<JavaClass> IN_A_FEATURE =
      DescribedPredicate.describe(
          "reside in a feature (vn.cantho.ioc.<feature>.., not core, geo, ingest, adapters, sim or"
              + " deploy)",
          c -> featureOf(c).isPresent());

  /** Its own feature, the kernel, the features it declares, the JDK and libraries. */
  private static final ArchCondition<JavaClass> DEPEND_ONLY_ON_THE_KERNEL_AND_DECLARED_FEATURES =
      new ArchCondition<>(
          "depend only on the kernel (core, geo), their own feature, the features they declare"
              + " and libraries") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
          String own = featureOf(c).orElseThrow();
          Set<String> declared = DECLARED_FEATURE_DEPENDENCIES.getOrDefault(own, Set.of());
          for (Dependency d : c.getDirectDependenciesFromSelf()) {
            String target = d.getTargetClass().getPackageName();
            if (!target.startsWith(ROOT)) {
              continue; // the JDK and libraries
            }
            String top = target.substring(ROOT.length()).split("\\.", 2)[0];
            boolean allowed =
                KERNEL.contains(top)
                    || top.equals(own)
                    || (!NOT_FEATURES.contains(top) && declared.contains(top));
            if (!allowed) {
              events.add(SimpleConditionEvent.violated(d, d.getDescription()));
            }
          }
        }
      };

  @ArchTest
  static final ArchRule geoIsALeafLibrary =
      noClasses()
          .that()
          .resideInAPackage(GEO)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(CORE, INGEST, ADAPTERS, SIM, DEPLOY);

  @ArchTest
  static final ArchRule coreKnowsOnlyGeo =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGEST, ADAPTERS, SIM, DEPLOY);

  @ArchTest
  static final ArchRule ingestDoesNotReachTheEdges =
      noClasses()
          .that()
          .resideInAPackage(INGEST)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ADAPTERS, SIM, DEPLOY);

  @ArchTest
  static final ArchRule adaptersTalkToIngestOnlyThroughCoreInterfaces =
      noClasses()
          .that()
          .resideInAPackage(ADAPTERS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGEST, SIM, DEPLOY);

  @ArchTest
  static final ArchRule simulatorsTestFromOutside =
      noClasses()
          .that()
          .resideInAPackage(SIM)
          .should()
          .dependOnClassesThat(resideInAnyPackage(CORE, INGEST, ADAPTERS, DEPLOY).or(IN_A_FEATURE));

  /** ADR 0012: the kernel depends on no feature, so a feature is added without editing it. */
  @ArchTest
  static final ArchRule theKernelDependsOnNoFeature =
      noClasses()
          .that()
          .resideInAnyPackage(CORE, GEO)
          .should()
          .dependOnClassesThat(IN_A_FEATURE)
          .because("a feature plugs into the kernel through vn.cantho.ioc.core.feature (ADR 0012)");

  /** Readings and devices are the kernel's: ingest and the protocol adapters know no feature. */
  @ArchTest
  static final ArchRule ingestAndAdaptersKnowNoFeature =
      noClasses()
          .that()
          .resideInAnyPackage(INGEST, ADAPTERS)
          .should()
          .dependOnClassesThat(IN_A_FEATURE)
          .because("a feature's steps run in the pipeline through the seam (DerivedStep)");

  /**
   * Every feature, present and future, builds on the kernel alone (and on another feature only
   * where declared): not on ingest, the adapters, the simulators or the wiring.
   */
  @ArchTest
  static final ArchRule featuresDependOnlyOnTheKernel =
      classes()
          .that(IN_A_FEATURE)
          .should(DEPEND_ONLY_ON_THE_KERNEL_AND_DECLARED_FEATURES)
          .because("a feature runs alone on the kernel (mvn -pl <feature> -am verify)");

  /**
   * The first feature by name, so the rule above cannot pass with no feature at all, and so it
   * reads as the module map: water ← deploy only.
   */
  @ArchTest
  static final ArchRule waterBuildsOnTheKernelOnly =
      noClasses()
          .that()
          .resideInAPackage(WATER)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INGEST, ADAPTERS, SIM, DEPLOY);

  @ArchTest
  static final ArchRule onlyDeployWiresTheServer =
      noClasses()
          .that()
          .resideOutsideOfPackage(DEPLOY)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(DEPLOY);

  /**
   * The feature rule is not vacuous: a test class in a package of its own, so a feature by the
   * rule's reading, breaks it three ways and each is reported, the kernel's classes not.
   */
  @ArchTest
  static void theFeatureRuleCatchesAFeatureReachingPastTheKernel(JavaClasses ignored) {
    JavaClasses careless = new ClassFileImporter().importClasses(CarelessFeature.class);
    List<String> details =
        featuresDependOnlyOnTheKernel.evaluate(careless).getFailureReport().getDetails();
    assertThat(details).hasSize(3);
    assertThat(String.join("\n", details))
        .contains("WaterFeature", "IngestPipeline", "deploy.Main")
        .doesNotContain("IocFeature", "ZoneIndex");
  }

  /** Nor is the kernel's: water and a future feature are both features to it. */
  @ArchTest
  static void theKernelRuleCatchesTheKernelKnowingAFeature(JavaClasses ignored) {
    JavaClasses careless = new ClassFileImporter().importClasses(CarelessKernel.class);
    List<String> details =
        theKernelDependsOnNoFeature.evaluate(careless).getFailureReport().getDetails();
    assertThat(details).hasSize(2);
    assertThat(String.join("\n", details))
        .contains("WaterFeature", "CarelessFeature")
        .doesNotContain("DeviceRegistry");
  }
}
