package io.github.lfwire.langfuse;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages of the core form no cycle, keep Spring out, keep the lower layers
 * (settings, internal helpers, export) free of the packages built on them, and keep the
 * wiring of export, media and scores out of the public packages.
 */
@AnalyzeClasses(packages = "io.github.lfwire.langfuse", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageArchitectureTest {

	@ArchTest
	static final ArchRule packagesFormNoCycle = slices().matching("io.github.lfwire.(**)")
		.namingSlices("$1")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule coreHasNoSpring = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework..");

	@ArchTest
	static final ArchRule settingsDependOnNothingOfTheCore = noClasses().that()
		.resideInAPackage("io.github.lfwire.langfuse.config..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.lfwire.langfuse", "io.github.lfwire.langfuse.capture..",
				"io.github.lfwire.langfuse.export..", "io.github.lfwire.langfuse.internal..",
				"io.github.lfwire.langfuse.media..", "io.github.lfwire.langfuse.observe..",
				"io.github.lfwire.langfuse.prompt..");

	@ArchTest
	static final ArchRule internalStaysBelowTheApi = noClasses().that()
		.resideInAPackage("io.github.lfwire.langfuse.internal..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.lfwire.langfuse", "io.github.lfwire.langfuse.capture..",
				"io.github.lfwire.langfuse.observe..", "io.github.lfwire.langfuse.prompt..",
				"io.github.lfwire.langfuse.dataset..", "io.github.lfwire.langfuse.experiment..");

	@ArchTest
	static final ArchRule exportAndMediaKnowNoWiring = noClasses().that()
		.resideInAnyPackage("io.github.lfwire.langfuse.export..", "io.github.lfwire.langfuse.media..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.lfwire.langfuse", "io.github.lfwire.langfuse.capture..",
				"io.github.lfwire.langfuse.observe..", "io.github.lfwire.langfuse.prompt..",
				"io.github.lfwire.langfuse.internal.export..", "io.github.lfwire.langfuse.internal.media..",
				"io.github.lfwire.langfuse.internal.score..");

	@ArchTest
	static final ArchRule exportAndMediaHoldNoSpanHandling = noClasses().that()
		.resideInAnyPackage("io.github.lfwire.langfuse.export..", "io.github.lfwire.langfuse.media..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.opentelemetry..", "java.net.http..")
		.because(
				"the pipelines, senders and span processors are wiring and live in internal.export and internal.media");

	@ArchTest
	static final ArchRule wiringIsInternal = classes().that()
		.haveSimpleName("ExportPipeline")
		.or()
		.haveSimpleName("SpanDestinations")
		.or()
		.haveSimpleName("PipelineSettings")
		.or()
		.haveSimpleName("OtlpSpanEncoder")
		.or()
		.haveSimpleName("BatchSender")
		.or()
		.haveSimpleName("SendOutcome")
		.or()
		.haveSimpleName("ExportResult")
		.or()
		.haveSimpleName("MediaUploader")
		.or()
		.haveSimpleName("MediaSink")
		.or()
		.haveSimpleName("MediaSerializers")
		.or()
		.haveSimpleName("ScoreExport")
		.or()
		.haveSimpleName("ScoreEvent")
		.should()
		.resideInAPackage("io.github.lfwire.langfuse.internal..");

	@ArchTest
	static final ArchRule rootKnowsNoDatasetsOrExperiments = noClasses().that()
		.resideInAPackage("io.github.lfwire.langfuse")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.github.lfwire.langfuse.dataset..", "io.github.lfwire.langfuse.experiment..");

	@ArchTest
	static final ArchRule datasetsKnowNoExperiments = noClasses().that()
		.resideInAPackage("io.github.lfwire.langfuse.dataset..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.github.lfwire.langfuse.experiment..");

}
