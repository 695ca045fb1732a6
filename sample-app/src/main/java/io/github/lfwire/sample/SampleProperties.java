package io.github.lfwire.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample: the fake model, the fake data stores and the scripted demo.
 *
 * @param model the fake chat and embedding model, used unless an OpenAI key or base URL
 * is set
 * @param fakeOpenai the local server that serves the fake model
 * @param retrieval the fake document stores
 * @param demo the conversations run at startup
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue Model model, @DefaultValue FakeOpenai fakeOpenai,
		@DefaultValue Retrieval retrieval, @DefaultValue Demo demo) {

	/**
	 * The fake model.
	 *
	 * @param name the model name the fake server answers with on chat completions
	 * @param embeddingName the model name it answers with on embeddings
	 * @param latency how long one chat call takes; an embedding takes a third of it
	 */
	public record Model(@DefaultValue("fake-gpt-4o-mini") String name,
			@DefaultValue("fake-text-embedding-3-small") String embeddingName, @DefaultValue("20ms") Duration latency) {
	}

	/**
	 * The fake OpenAI-compatible server.
	 *
	 * @param port the loopback port it listens on, 0 for a free one
	 */
	public record FakeOpenai(@DefaultValue("0") int port) {
	}

	/**
	 * The fake document stores.
	 *
	 * @param latency how long one search takes
	 * @param limit how many documents each store returns
	 */
	public record Retrieval(@DefaultValue("15ms") Duration latency, @DefaultValue("7") int limit) {
	}

	/**
	 * The scripted demo.
	 *
	 * @param conversations how many scripted turns are posted to {@code /chat} at
	 * startup; 0 turns the demo off
	 */
	public record Demo(@DefaultValue("3") int conversations) {
	}

}
