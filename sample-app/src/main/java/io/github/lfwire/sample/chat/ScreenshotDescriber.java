package io.github.lfwire.sample.chat;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.media.LangfuseMedia;
import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.stereotype.Component;

/**
 * Describes a screenshot the user attached, as a vision model would; the image argument is captured as a Langfuse
 * media reference and its bytes are uploaded in the background.
 */
@Component
public class ScreenshotDescriber {

	@Observe(type = ObservationType.GENERATION)
	public String describe(String question, LangfuseMedia screenshot) {
		Observation.current().model("fake-gpt-4o-mini-vision").usage(85 + question.length() / 4, 18);
		return "The screenshot shows a small red error banner; open Settings, Security and sign in again to clear it.";
	}

}
