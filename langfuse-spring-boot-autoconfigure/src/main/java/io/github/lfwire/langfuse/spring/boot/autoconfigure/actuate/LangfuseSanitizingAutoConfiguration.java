package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link LangfuseSanitizingFunction}, which keeps the Langfuse
 * keys and export headers out of the actuator's env and configprops endpoints.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
public final class LangfuseSanitizingAutoConfiguration {

	@Bean
	static LangfuseSanitizingFunction langfuseSanitizingFunction() {
		return new LangfuseSanitizingFunction();
	}

}
