package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The starter uses the core's public API only, never its {@code internal} package. */
@AnalyzeClasses(packages = "io.github.lfwire.langfuse.spring", importOptions = ImportOption.DoNotIncludeTests.class)
class InternalPackageTest {

	@ArchTest
	static final ArchRule starterUsesNoCoreInternals = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("io.github.lfwire.langfuse.internal..");

}
