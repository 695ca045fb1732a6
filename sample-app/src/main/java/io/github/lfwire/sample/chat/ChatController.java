package io.github.lfwire.sample.chat;

import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chat API: {@code POST /chat} runs the whole workflow, {@code POST /chat/stream}
 * streams a short answer as server-sent events.
 */
@RestController
public class ChatController {

	private final ChatWorkflow workflow;

	private final StreamingAnswers streamingAnswers;

	public ChatController(ChatWorkflow workflow, StreamingAnswers streamingAnswers) {
		this.workflow = workflow;
		this.streamingAnswers = streamingAnswers;
	}

	@PostMapping("/chat")
	public ChatResponse chat(@RequestBody ChatRequest request) {
		return this.workflow.handle(request);
	}

	@PostMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public Flux<String> stream(@RequestBody ChatRequest request) {
		return this.streamingAnswers.stream(request);
	}

}
