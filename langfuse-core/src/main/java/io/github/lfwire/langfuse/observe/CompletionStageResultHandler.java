package io.github.lfwire.langfuse.observe;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import io.github.lfwire.langfuse.Observation;

/**
 * Ends the observation when a {@link CompletionStage} completes, with its value or error.
 */
public final class CompletionStageResultHandler implements AsyncResultHandler {

	@Override
	public boolean supports(Class<?> returnType) {
		return CompletionStage.class.isAssignableFrom(returnType);
	}

	@Override
	public Object handle(Object result, Observation observation, boolean captureOutput) {
		if (!(result instanceof CompletionStage<?> stage)) {
			observation.end();
			return result;
		}
		stage.whenComplete((value, error) -> {
			if (error != null) {
				observation.recordException(unwrap(error));
			}
			else if (captureOutput) {
				observation.output(value);
			}
			observation.end();
		});
		return result;
	}

	static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
