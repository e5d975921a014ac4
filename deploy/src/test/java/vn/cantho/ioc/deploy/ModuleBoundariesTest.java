package vn.cantho.ioc.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the arrows of the module map (docs/architecture.md): geo ← ioc-core ← {ingest, adapters} ←
 * deploy, and simulators outside the server entirely so they test it from the outside. Maven stops
 * a module from importing what it does not depend on; these rules catch what Maven cannot, e.g. a
 * dependency added to a pom that breaks the design.
 */
@AnalyzeClasses(packages = "vn.cantho.ioc", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {
  private static final String GEO = "vn.cantho.ioc.geo..";
  private static final String CORE = "vn.cantho.ioc.core..";
  private static final String INGEST = "vn.cantho.ioc.ingest..";
  private static final String ADAPTERS = "vn.cantho.ioc.adapters..";
  private static final String SIM = "vn.cantho.ioc.sim..";
  private static final String DEPLOY = "vn.cantho.ioc.deploy..";

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
          .dependOnClassesThat()
          .resideInAnyPackage(CORE, INGEST, ADAPTERS, DEPLOY);

  @ArchTest
  static final ArchRule onlyDeployWiresTheServer =
      noClasses()
          .that()
          .resideOutsideOfPackage(DEPLOY)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(DEPLOY);
}
