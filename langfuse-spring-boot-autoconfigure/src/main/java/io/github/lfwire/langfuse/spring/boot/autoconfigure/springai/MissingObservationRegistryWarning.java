package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Says at startup, in one line, that Spring AI's calls go untraced because the
 * application has no {@link ObservationRegistry} for Spring AI to report to, and what to
 * add.
 */
final class MissingObservationRegistryWarning implements SmartInitializingSingleton {

	static final String MESSAGE = "Spring AI chat, embedding and tool calls are not traced: the application has "
			+ "no ObservationRegistry bean, so Spring AI reports to ObservationRegistry.NOOP; add "
			+ "org.springframework.boot:spring-boot-micrometer-observation (langfuse-spring-boot-starter brings it) "
			+ "or define an ObservationRegistry bean";

	private static final Log logger = LogFactory.getLog(MissingObservationRegistryWarning.class);

	private final ObjectProvider<ObservationRegistry> registry;

	MissingObservationRegistryWarning(ObjectProvider<ObservationRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.registry.stream().findAny().isEmpty()) {
			logger.warn(MESSAGE);
		}
	}

}
