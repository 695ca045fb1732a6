package io.github.lfwire.langfuse.spring.boot.autoconfigure.llm;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Hooks;

/**
 * Runs a test class with Reactor's automatic context propagation off, as an application
 * without {@code spring.reactor.context-propagation=auto} has it, whatever other tests
 * left on, and puts it back as it was after the class.
 */
public final class AutomaticContextPropagationOff implements BeforeAllCallback, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(AutomaticContextPropagationOff.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put("wasOn", Hooks.isAutomaticContextPropagationEnabled());
		Hooks.disableAutomaticContextPropagation();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (Boolean.TRUE.equals(context.getStore(NAMESPACE).get("wasOn", Boolean.class))) {
			Hooks.enableAutomaticContextPropagation();
		}
	}

}
