package io.github.lfwire.sample.demo;

import java.util.Base64;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.sample.SampleProperties;
import io.github.lfwire.sample.chat.ScreenshotDescriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs one demo turn in which the user attaches a screenshot, before the scripted
 * conversations; with Langfuse keys the image travels as media (a reference in the trace,
 * the bytes uploaded once), without them it is printed inline. Off with
 * {@code sample.demo.screenshot=false} or when the demo is off.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ScreenshotTurn implements ApplicationRunner {

	/** A 4 x 4 red PNG. */
	static final byte[] SCREENSHOT = Base64.getDecoder()
		.decode("iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGM4oaEBRwzEcQDRQxGBSNLB6wAAAABJRU5ErkJggg==");

	private static final Logger logger = LoggerFactory.getLogger(ScreenshotTurn.class);

	private final SampleProperties properties;

	private final LangfuseClient langfuse;

	private final ScreenshotDescriber describer;

	private final boolean enabled;

	public ScreenshotTurn(SampleProperties properties, LangfuseClient langfuse, ScreenshotDescriber describer,
			@Value("${sample.demo.screenshot:true}") boolean enabled) {
		this.properties = properties;
		this.langfuse = langfuse;
		this.describer = describer;
		this.enabled = enabled;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.enabled || this.properties.demo().conversations() <= 0) {
			return;
		}
		String question = "What does this error screen mean?";
		try (Observation turn = this.langfuse.start(ObservationType.AGENT, "screenshot-turn")) {
			turn.trace().userId("ada").sessionId("demo-session-screenshot");
			turn.input(question);
			String answer = this.describer.describe(question, SCREENSHOT);
			turn.output(answer);
			logger.info("Q: {} [screenshot attached, {} bytes]\n  A: {}\n  trace {}", question, SCREENSHOT.length,
					answer, turn.traceId());
		}
	}

}
