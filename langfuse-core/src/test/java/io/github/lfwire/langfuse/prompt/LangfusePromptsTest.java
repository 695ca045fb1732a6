package io.github.lfwire.langfuse.prompt;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import io.github.lfwire.langfuse.testing.OwnThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class LangfusePromptsTest {

	private static final String NOT_FOUND_BODY = "{\"message\":\"Prompt not found: 'greeting' with label 'production'\","
			+ "\"error\":\"LangfuseNotFoundError\"}";

	private final MutableClock clock = new MutableClock();

	private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

	private FakeLangfuseServer server;

	private LangfusePrompts prompts;

	@BeforeEach
	void startServer() {
		this.server = FakeLangfuseServer.start();
	}

	@AfterEach
	void stop() {
		if (this.prompts != null) {
			this.prompts.close();
		}
		this.server.close();
	}

	private LangfusePrompts prompts(UnaryOperator<LangfusePrompts.Builder> customizer) {
		LangfusePrompts.Builder builder = LangfusePrompts.builder(this.server.clientConfig().build())
			.clock(this.clock)
			.sleeper(this.sleeps::add)
			.random(new Random(42))
			.fetchTimeout(Duration.ofSeconds(10));
		this.prompts = customizer.apply(builder).build();
		return this.prompts;
	}

	private LangfusePrompts prompts() {
		return prompts(UnaryOperator.identity());
	}

	@Test
	void shouldFetchATextPromptWithItsVersionLabelsAndConfig() {
		this.server.prompts().createText("greeting", "Hello {{name}}", "production");
		LangfusePrompts prompts = prompts();

		TextPrompt prompt = prompts.getText("greeting");

		assertThat(prompt.name()).isEqualTo("greeting");
		assertThat(prompt.version()).isEqualTo(1);
		assertThat(prompt.labels()).containsExactlyInAnyOrder("production", "latest");
		assertThat(prompt.config()).isEmpty();
		assertThat(prompt.isFallback()).isFalse();
		assertThat(prompt.compile(Map.of("name", "Ada"))).isEqualTo("Hello Ada");
		assertThat(this.server.violations()).isEmpty();
	}

	@Test
	void shouldServeACachedPromptWithoutTouchingTheNetwork() {
		this.server.prompts().createText("greeting", "Hello", "production");
		LangfusePrompts prompts = prompts();
		prompts.getText("greeting");

		TextPrompt again = prompts.getText("greeting");

		assertThat(again.version()).isEqualTo(1);
		assertThat(this.server.promptRequests()).isEqualTo(1);
		assertThat(prompts.stats().hits()).isEqualTo(1);
		assertThat(prompts.stats().misses()).isEqualTo(1);
	}

	@Test
	void shouldSendOneRequestForConcurrentCallersOfAPromptNotYetCached() throws Exception {
		this.server.prompts().createText("greeting", "Hello", "production");
		this.server.enqueuePromptResponses(FakeResponse.delay(Duration.ofMillis(500)));
		LangfusePrompts prompts = prompts();
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<TextPrompt>> results = callers
				.invokeAll(Collections.nCopies(8, () -> prompts.getText("greeting")));
			for (Future<TextPrompt> result : results) {
				assertThat(result.get().version()).isEqualTo(1);
			}
		}
		finally {
			callers.shutdownNow();
		}

		assertThat(this.server.promptRequests()).isEqualTo(1);
	}

	@Test
	void shouldFetchAgainAfterTheCacheIsCleared() {
		this.server.prompts().createText("greeting", "Hello", "production");
		LangfusePrompts prompts = prompts();
		prompts.getText("greeting");
		this.server.prompts().createText("greeting", "Hi", "production");

		prompts.clearCache();

		assertThat(prompts.getText("greeting").prompt()).isEqualTo("Hi");
		assertThat(prompts.stats().size()).isEqualTo(1);
		assertThat(this.server.promptRequests()).isEqualTo(2);
	}

	@Test
	void shouldReturnAnExpiredPromptAtOnceAndRefreshItOnceInTheBackground() {
		this.server.prompts().createText("greeting", "Hello v1", "production");
		LangfusePrompts prompts = prompts();
		prompts.getText("greeting");
		this.server.prompts().createText("greeting", "Hello v2", "production");
		this.server.enqueuePromptResponses(FakeResponse.delay(Duration.ofSeconds(1)));
		this.clock.advance(LangfusePrompts.DEFAULT_CACHE_TTL.plusSeconds(1));

		for (int call = 0; call < 5; call++) {
			assertThat(prompts.getText("greeting").version()).isEqualTo(1);
		}

		assertThat(prompts.stats().refreshes()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> prompts.getText("greeting").version() == 2);
		assertThat(this.server.promptRequests()).isEqualTo(2);
		assertThat(prompts.stats().refreshes()).isEqualTo(1);
		assertThat(prompts.stats().misses()).isEqualTo(1);
	}

	@Test
	void shouldFetchByLabelOrVersionButNotBoth() {
		this.server.prompts().createText("greeting", "v1", "production");
		this.server.prompts().createText("greeting", "v2", "staging");
		LangfusePrompts prompts = prompts();

		assertThat(prompts.text("greeting").label("staging").get().prompt()).isEqualTo("v2");
		assertThat(prompts.text("greeting").version(1).get().prompt()).isEqualTo("v1");
		assertThat(prompts.getText("greeting").prompt()).isEqualTo("v1");
		assertThatIllegalArgumentException().isThrownBy(() -> prompts.text("greeting").label("staging").version(1))
			.withMessageContaining("not both");
		assertThat(this.server.violations()).isEmpty();
	}

	@Test
	void shouldPercentEncodeFolderNamesAndSpecialCharacters() {
		this.server.prompts().createText("support/answer v2+", "Answer", "production");
		LangfusePrompts prompts = prompts();

		assertThat(prompts.getText("support/answer v2+").prompt()).isEqualTo("Answer");
		assertThat(this.server.violations()).isEmpty();
	}

	@Test
	void shouldFetchAChatPromptWithPlaceholders() {
		this.server.prompts()
			.createChat("chat", List.of(Map.of("role", "system", "content", "You help {{user}}."),
					Map.of("type", "placeholder", "name", "history")), "production");
		LangfusePrompts prompts = prompts();

		ChatPrompt prompt = prompts.getChat("chat");

		assertThat(prompt.messages()).containsExactly(ChatMessage.system("You help {{user}}."),
				ChatMessage.placeholder("history"));
		assertThat(prompt.compile(Map.of("user", "Ada"), Map.of("history", List.of(ChatMessage.user("Hi")))))
			.containsExactly(ChatMessage.system("You help Ada."), ChatMessage.user("Hi"));
	}

	@Test
	void shouldFallBackDuringAnOutageAndNotWaitForTheNetworkAgain() {
		LangfusePrompts prompts = prompts();
		this.server.stop();

		TextPrompt first = prompts.text("greeting").fallback("Hi {{name}}").get();
		TextPrompt second = prompts.text("greeting").fallback("Hi {{name}}").get();

		assertThat(first.isFallback()).isTrue();
		assertThat(first.version()).isZero();
		assertThat(first.labels()).containsExactly("production");
		assertThat(first.compile(Map.of("name", "Ada"))).isEqualTo("Hi Ada");
		assertThat(second.isFallback()).isTrue();
		assertThat(this.sleeps).hasSize(LangfusePrompts.DEFAULT_MAX_RETRIES);
		PromptStats stats = prompts.stats();
		assertThat(stats.misses()).isEqualTo(1);
		assertThat(stats.fallbacks()).isEqualTo(2);
		assertThat(stats.errors()).isEqualTo(1);
	}

	@Test
	void shouldPickUpThePromptInTheBackgroundOnceTheServerIsBack() {
		this.server.prompts().createText("greeting", "Hello", "production");
		LangfusePrompts prompts = prompts();
		this.server.stop();
		assertThat(prompts.text("greeting").fallback("Hi").get().isFallback()).isTrue();
		this.server.restart();
		this.clock.advance(LangfusePrompts.DEFAULT_CACHE_TTL);

		assertThat(prompts.text("greeting").fallback("Hi").get().isFallback()).isTrue();

		await().atMost(Duration.ofSeconds(10)).until(() -> !prompts.text("greeting").fallback("Hi").get().isFallback());
		assertThat(prompts.getText("greeting").prompt()).isEqualTo("Hello");
		assertThat(prompts.stats().refreshes()).isEqualTo(1);
	}

	@Test
	void shouldThrowWhenTheServerIsDownAndNoFallbackIsGiven() {
		LangfusePrompts prompts = prompts();
		this.server.stop();

		assertThatExceptionOfType(LangfusePromptException.class).isThrownBy(() -> prompts.getText("greeting"))
			.withMessageContaining("greeting")
			.withMessageNotContaining(FakeLangfuseServer.SECRET_KEY);
	}

	@Test
	void shouldRetryServerErrorsWithGrowingBackoff() {
		this.server.prompts().createText("greeting", "Hello", "production");
		this.server.enqueuePromptResponses(FakeResponse.status(503), FakeResponse.status(500));
		LangfusePrompts prompts = prompts();

		assertThat(prompts.getText("greeting").prompt()).isEqualTo("Hello");

		assertThat(this.sleeps).hasSize(2);
		assertThat(this.sleeps.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
		assertThat(this.sleeps.get(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
		assertThat(this.server.promptRequests()).isEqualTo(3);
		assertThat(prompts.stats().errors()).isZero();
	}

	@Test
	void shouldRetryLikeExportWithTheConfiguredBackoff() {
		this.server.prompts().createText("greeting", "Hello", "production");
		this.server.enqueuePromptResponses(FakeResponse.status(503), FakeResponse.status(408));
		LangfusePrompts prompts = prompts(
				(builder) -> builder.retryInitialBackoff(Duration.ofSeconds(2)).retryMaxBackoff(Duration.ofSeconds(3)));

		assertThat(prompts.getText("greeting").prompt()).isEqualTo("Hello");

		assertThat(this.sleeps).hasSize(2);
		assertThat(this.sleeps.get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
		assertThat(this.sleeps.get(1)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(3));
		assertThat(this.server.promptRequests()).isEqualTo(3);
		assertThat(prompts.stats().errors()).isZero();
	}

	@Test
	void shouldNotRetryABadRequest() {
		this.server.prompts().createText("greeting", "Hello", "production");
		this.server.enqueuePromptResponses(FakeResponse.status(400));
		LangfusePrompts prompts = prompts();

		assertThat(prompts.text("greeting").fallback("Hi").get().isFallback()).isTrue();

		assertThat(this.server.promptRequests()).isEqualTo(1);
		assertThat(this.sleeps).isEmpty();
		assertThat(prompts.stats().errors()).isEqualTo(1);
	}

	@Test
	void shouldHonourRetryAfterBeforeRetrying() {
		this.server.prompts().createText("greeting", "Hello", "production");
		this.server.enqueuePromptResponses(FakeResponse.retryAfter(429, "3"));
		LangfusePrompts prompts = prompts();

		assertThat(prompts.getText("greeting").prompt()).isEqualTo("Hello");

		assertThat(this.sleeps).containsExactly(Duration.ofSeconds(3));
		assertThat(this.server.promptRequests()).isEqualTo(2);
	}

	@Test
	void shouldFallBackAtOnceWhenRetryAfterIsBeyondTheFetchTimeout() {
		this.server.prompts().createText("greeting", "Hello", "production");
		this.server.enqueuePromptResponses(FakeResponse.retryAfter(429, "30"));
		LangfusePrompts prompts = prompts((builder) -> builder.fetchTimeout(Duration.ofSeconds(5)));

		assertThat(prompts.text("greeting").fallback("Hi").get().isFallback()).isTrue();

		assertThat(this.sleeps).isEmpty();
		assertThat(this.server.promptRequests()).isEqualTo(1);
	}

	@Test
	void shouldNotRetryARefusal() {
		this.server.enqueuePromptResponses(FakeResponse.status(403));
		LangfusePrompts prompts = prompts();

		assertThatExceptionOfType(LangfusePromptException.class).isThrownBy(() -> prompts.getText("greeting"))
			.withMessageContaining("HTTP 403");
		assertThat(this.server.promptRequests()).isEqualTo(1);
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void shouldThrowNotFoundWithTheServersMessageWhenNoFallbackIsGiven() {
		LangfusePrompts prompts = prompts();

		assertThatExceptionOfType(LangfusePromptNotFoundException.class).isThrownBy(() -> prompts.getText("greeting"))
			.withMessage("Prompt not found: 'greeting' with label 'production'");
		assertThatExceptionOfType(LangfusePromptNotFoundException.class)
			.isThrownBy(() -> prompts.text("greeting").version(7).get())
			.withMessage("Prompt not found: 'greeting' with version 7");
		assertThat(this.sleeps).isEmpty();
		assertThat(prompts.stats().errors()).isEqualTo(2);
	}

	@Test
	void shouldReturnTheFallbackWhenThePromptIsNotFound() {
		LangfusePrompts prompts = prompts();

		TextPrompt prompt = prompts.text("greeting").label("staging").fallback("Hi").get();

		assertThat(prompt.isFallback()).isTrue();
		assertThat(prompt.labels()).containsExactly("staging");
		assertThat(prompts.stats().fallbacks()).isEqualTo(1);
	}

	@Test
	void shouldEvictAPromptThatARefreshNoLongerFinds() {
		this.server.prompts().createText("greeting", "Hello", "production");
		LangfusePrompts prompts = prompts();
		prompts.getText("greeting");
		this.server.enqueuePromptResponses(FakeResponse.status(404, NOT_FOUND_BODY));
		this.clock.advance(LangfusePrompts.DEFAULT_CACHE_TTL);

		assertThat(prompts.getText("greeting").isFallback()).isFalse();

		await().atMost(Duration.ofSeconds(10)).until(() -> prompts.stats().errors() == 1);
		assertThatExceptionOfType(LangfusePromptNotFoundException.class).isThrownBy(() -> prompts.getText("greeting"));
		assertThat(prompts.text("greeting").fallback("Hi").get().isFallback()).isTrue();
	}

	@Test
	void shouldKeepServingAnExpiredPromptWhenItsRefreshFails() {
		this.server.prompts().createText("greeting", "Hello", "production");
		LangfusePrompts prompts = prompts((builder) -> builder.maxRetries(0));
		prompts.getText("greeting");
		this.server.enqueuePromptResponses(FakeResponse.status(503));
		this.clock.advance(LangfusePrompts.DEFAULT_CACHE_TTL);

		prompts.getText("greeting");

		await().atMost(Duration.ofSeconds(10)).until(() -> prompts.stats().errors() == 1);
		assertThat(prompts.getText("greeting").prompt()).isEqualTo("Hello");
	}

	@Test
	void shouldReturnTheFallbackWhenTheFirstFetchOutlastsTheFetchTimeout() {
		this.server.prompts().createText("greeting", "Hello", "production");
		this.server.enqueuePromptResponses(FakeResponse.delay(Duration.ofSeconds(2)));
		LangfusePrompts prompts = prompts((builder) -> builder.fetchTimeout(Duration.ofMillis(200)));

		assertThat(prompts.text("greeting").fallback("Hi").get().isFallback()).isTrue();
	}

	@Test
	void shouldFallBackWhenThePromptIsOfTheOtherType() {
		this.server.prompts().createText("greeting", "Hello", "production");
		LangfusePrompts prompts = prompts();

		assertThat(prompts.chat("greeting").fallback(List.of(ChatMessage.user("Hi"))).get().isFallback()).isTrue();
		assertThatExceptionOfType(LangfusePromptException.class).isThrownBy(() -> prompts.getChat("greeting"))
			.withMessageContaining("is a text prompt, not a chat prompt");
	}

	@Test
	void shouldBoundTheCacheAndCountEvictions() {
		for (String name : List.of("a", "b", "c")) {
			this.server.prompts().createText(name, name, "production");
		}
		LangfusePrompts prompts = prompts((builder) -> builder.maxEntries(2));

		prompts.getText("a");
		prompts.getText("b");
		prompts.getText("c");
		prompts.getText("a");

		assertThat(prompts.stats().evictions()).isEqualTo(2);
		assertThat(prompts.stats().size()).isEqualTo(2);
		assertThat(this.server.promptRequests()).isEqualTo(4);
	}

	@Test
	void shouldServeOnlyFallbacksWithoutTouchingTheNetworkWhenNoKeysAreSet() {
		this.prompts = LangfusePrompts.create(LangfuseConfig.builder().host(this.server.baseUrl()).build());

		assertThat(this.prompts.isAvailable()).isFalse();
		assertThat(this.prompts.text("greeting").fallback("Hi").get().isFallback()).isTrue();
		assertThatExceptionOfType(LangfusePromptException.class).isThrownBy(() -> this.prompts.getText("greeting"))
			.withMessageContaining("no Langfuse credentials");
		assertThat(this.server.promptRequests()).isZero();
	}

	@Test
	void shouldCreateVersionsThatMoveLabelsAndRefreshTheCachedLabel() {
		LangfusePrompts prompts = prompts();
		TextPrompt first = prompts.createText("greeting", "Hello", List.of("production"), Map.of("temperature", 0.2));
		assertThat(prompts.getText("greeting").version()).isEqualTo(1);

		TextPrompt second = prompts.createText("greeting", "Hi", List.of("production"), null);

		assertThat(first.version()).isEqualTo(1);
		assertThat(first.config()).containsEntry("temperature", 0.2);
		assertThat(second.version()).isEqualTo(2);
		assertThat(second.labels()).containsExactlyInAnyOrder("production", "latest");
		assertThat(this.server.prompts().labels("greeting", 1)).isEmpty();
		assertThat(prompts.getText("greeting").prompt()).isEqualTo("Hi");
		ChatPrompt chat = prompts.createChat("chat",
				List.of(ChatMessage.system("Be {{tone}}"), ChatMessage.placeholder("history")), List.of(), null);
		assertThat(chat.messages()).hasSize(2);
		assertThat(prompts.text("chat").label("latest").fallback("x").get().isFallback()).isTrue();
		assertThat(this.server.violations()).isEmpty();
	}

	@Test
	void shouldExplainARefusedCreation() {
		LangfusePrompts prompts = prompts();
		prompts.createText("greeting", "Hello", List.of(), null);

		assertThatExceptionOfType(LangfusePromptException.class)
			.isThrownBy(() -> prompts.createChat("greeting", List.of(ChatMessage.user("x")), List.of(), null))
			.withMessageContaining("HTTP 400")
			.withMessageContaining("type text");
	}

	@Test
	void shouldRejectInvalidSettingsNamingThem() {
		LangfuseConfig config = this.server.clientConfig().build();

		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> LangfusePrompts.builder(config).fetchTimeout(Duration.ZERO).build())
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("promptFetchTimeout"));
		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> LangfusePrompts.builder(config).cacheTtl(Duration.ofSeconds(-1)).build())
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("promptCacheTtl"));
		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> LangfusePrompts.builder(config).maxRetries(-1).build())
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("promptMaxRetries"));
		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> LangfusePrompts.builder(config).retryInitialBackoff(Duration.ZERO).build())
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("promptRetryInitialBackoff"));
		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> LangfusePrompts.builder(config)
				.retryInitialBackoff(Duration.ofSeconds(2))
				.retryMaxBackoff(Duration.ofSeconds(1))
				.build())
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("promptRetryMaxBackoff"));
		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> LangfusePrompts.builder(config).maxEntries(0).build())
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("promptMaxEntries"));
	}

	@Test
	void shouldStartNoThreadBeforeTheFirstFetch() throws Exception {
		this.server.prompts().createText("greeting", "Hello", "production");
		OwnThreads threads = new OwnThreads();
		LangfusePrompts prompts = threads.call(this::prompts);

		assertThat(threads.started()).isEmpty();
		threads.run(() -> prompts.getText("greeting"));
		assertThat(threads.started()).anyMatch((name) -> name.startsWith("langfuse-prompts-"));
	}

	@Test
	void shouldNotShowTheSecretKeyInToString() {
		assertThat(prompts().toString()).doesNotContain(FakeLangfuseServer.SECRET_KEY).contains(this.server.baseUrl());
	}

}
