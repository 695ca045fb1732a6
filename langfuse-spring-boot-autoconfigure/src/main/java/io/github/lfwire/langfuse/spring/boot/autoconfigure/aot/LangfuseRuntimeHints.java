package io.github.lfwire.langfuse.spring.boot.autoconfigure.aot;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints for what the Langfuse client reads reflectively whatever the
 * application's beans: the methods of {@code Object} (which {@code @Observe} on a class
 * never observes) and the OpenTelemetry SDK version file read for the exported resource.
 */
final class LangfuseRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.reflection().registerType(Object.class);
		hints.resources().registerPattern("io/opentelemetry/sdk/common/version.properties");
	}

}
