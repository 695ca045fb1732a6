package io.github.lfwire.langfuse.spring.boot.autoconfigure.llm;

import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Hooks;

/**
 * Runs a test class with Reactor's automatic context propagation off, as an application
 * without {@code spring.reactor.context-propagation=auto} has it, whatever other tests
 * left on, and puts it back as it was after the class.
 */
public final class AutomaticContextPropagationOff extends ReactorHookRestored {

	@Override
	public void beforeAll(ExtensionContext context) {
		super.beforeAll(context);
		Hooks.disableAutomaticContextPropagation();
	}

}
