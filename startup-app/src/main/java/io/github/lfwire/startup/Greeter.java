package io.github.lfwire.startup;

import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.stereotype.Service;

/** The application's one service; traced when the starter is on the classpath. */
@Service
public class Greeter {

	@Observe
	public String greet(String name) {
		return "Hello, " + name;
	}

}
