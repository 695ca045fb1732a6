package io.github.lfwire.sample.chat;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The chat API: {@code POST /chat}. */
@RestController
public class ChatController {

	private final ChatWorkflow workflow;

	public ChatController(ChatWorkflow workflow) {
		this.workflow = workflow;
	}

	@PostMapping("/chat")
	public ChatResponse chat(@RequestBody ChatRequest request) {
		return this.workflow.handle(request);
	}

}
