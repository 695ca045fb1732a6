package io.github.lfwire.langfuse.spring.boot.autoconfigure.llm;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Hooks;

/**
 * Puts Reactor's JVM-wide automatic context propagation hook back as it was before a test
 * class, whatever the class's application contexts (such as one with
 * {@code spring.reactor.context-propagation=auto}) did to it, so that no other test
 * depends on what this class left behind.
 */
public class ReactorHookRestored implements BeforeAllCallback, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(ReactorHookRestored.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put("wasOn", Hooks.isAutomaticContextPropagationEnabled());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (Boolean.TRUE.equals(context.getStore(NAMESPACE).get("wasOn", Boolean.class))) {
			Hooks.enableAutomaticContextPropagation();
		}
		else {
			Hooks.disableAutomaticContextPropagation();
		}
	}

}
