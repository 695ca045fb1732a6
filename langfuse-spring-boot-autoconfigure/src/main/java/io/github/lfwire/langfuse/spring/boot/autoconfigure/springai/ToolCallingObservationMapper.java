package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;

import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/** Records a tool call as a tool observation: name, arguments and result. */
final class ToolCallingObservationMapper implements SpringAiObservationMapper<ToolCallingObservationContext> {

	@Override
	public Class<ToolCallingObservationContext> contextType() {
		return ToolCallingObservationContext.class;
	}

	@Override
	public ObservationType type(ToolCallingObservationContext context) {
		return ObservationType.TOOL;
	}

	@Override
	public String name(ToolCallingObservationContext context) {
		return context.getToolDefinition().name();
	}

	@Override
	public void onStart(ToolCallingObservationContext context, Observation observation, Capture capture) {
		if (SpringAiPayloads.hasText(context.getToolCallId())) {
			observation.metadata("tool_call_id", context.getToolCallId());
		}
		if (capture.input()) {
			observation.input(SpringAiPayloads.jsonOrText(context.getToolCallArguments()));
		}
	}

	@Override
	public void onStop(ToolCallingObservationContext context, Observation observation, Capture capture) {
		if (capture.output() && context.getToolCallResult() != null) {
			observation.output(SpringAiPayloads.jsonOrText(context.getToolCallResult()));
		}
	}

}
