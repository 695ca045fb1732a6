package io.github.lfwire.sample.demo;

import java.time.Duration;
import java.util.List;

import io.github.lfwire.langfuse.FlushResult;
import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.sample.SampleProperties;
import io.github.lfwire.sample.chat.ChatRequest;
import io.github.lfwire.sample.chat.ChatResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Posts {@code sample.demo.conversations} scripted turns to the running application's own
 * {@code /chat} at startup, flushes the Langfuse client and prints
 * {@code /actuator/langfuse}.
 */
@Component
public class DemoConversations implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(DemoConversations.class);

	private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

	private static final List<String> SCRIPT = List.of("How do I share a folder with my team?",
			"Can I make it read-only for them?", "I was charged twice on my last invoice, can you check?");

	private final SampleProperties properties;

	private final LangfuseClient langfuse;

	private final Environment environment;

	public DemoConversations(SampleProperties properties, LangfuseClient langfuse, Environment environment) {
		this.properties = properties;
		this.langfuse = langfuse;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		int conversations = this.properties.demo().conversations();
		String port = this.environment.getProperty("local.server.port");
		if (conversations <= 0 || port == null) {
			return;
		}
		String baseUrl = "http://localhost:" + port;
		RestClient http = RestClient.create(baseUrl);
		try {
			for (int turn = 0; turn < conversations; turn++) {
				ChatRequest request = new ChatRequest("ada", "demo-session-" + (turn / SCRIPT.size() + 1),
						SCRIPT.get(turn % SCRIPT.size()));
				ChatResponse response = http.post().uri("/chat").body(request).retrieve().body(ChatResponse.class);
				logger.info("Q: {}\n  A: {}\n  trace {}", request.message(), response.reply(),
						(response.traceUrl() != null) ? response.traceUrl() : response.traceId());
			}
			FlushResult flushed = this.langfuse.flush(FLUSH_TIMEOUT);
			logger.info("Flushed the Langfuse client: {}", flushed);
			JsonNode status = http.get().uri("/actuator/langfuse").retrieve().body(JsonNode.class);
			logger.info("GET {}/actuator/langfuse\n{}", baseUrl, status.toPrettyString());
		}
		catch (RestClientException ex) {
			logger.warn("The scripted demo failed: {}", ex.getMessage());
		}
		logger.info("""
				Still serving on port {}; try:
				  curl -s {}/chat -H 'Content-Type: application/json' \\
				    -d '{"userId":"you","sessionId":"s1","message":"How do I turn on two-step verification?"}'""", port,
				baseUrl);
	}

}
