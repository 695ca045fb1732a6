package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import java.time.Duration;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.ReceivedSpan;
import io.github.lfwire.langfuse.testing.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Span export requests are gzip-compressed unless {@code langfuse.export.compression} is
 * none.
 */
class ExportCompressionTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LangfuseAutoConfiguration.class))
		.withPropertyValues("langfuse.host=" + this.server.baseUrl(),
				"langfuse.public-key=" + FakeLangfuseServer.PUBLIC_KEY,
				"langfuse.secret-key=" + FakeLangfuseServer.SECRET_KEY);

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void shouldGzipSpanExportRequestsByDefault() {
		this.runner.run((context) -> assertThat(exportedContentEncoding(context.getBean(LangfuseClient.class)))
			.isEqualTo("gzip"));
	}

	@Test
	void shouldSendSpanExportRequestsUncompressedWhenCompressionIsNone() {
		this.runner.withPropertyValues("langfuse.export.compression=none")
			.run((context) -> assertThat(exportedContentEncoding(context.getBean(LangfuseClient.class))).isNull());
	}

	@Test
	void shouldFailStartupPointingAContentEncodingHeaderAtTheCompressionProperty() {
		this.runner.withPropertyValues("langfuse.export.headers.Content-Encoding=identity").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new LangfuseConfigFailureAnalyzer(null).analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("'langfuse.export.headers'", "Content-Encoding");
			assertThat(analysis.getAction()).contains("langfuse.export.compression");
		});
	}

	private @Nullable String exportedContentEncoding(LangfuseClient client) {
		try (Observation span = client.span("compressed?")) {
			span.input("the same bytes either way");
		}
		assertThat(client.flush(WAIT).success()).isTrue();
		assertThat(this.server.awaitSpans(1, WAIT)).extracting(ReceivedSpan::name).containsExactly("compressed?");
		this.server.assertContractRespected();
		RecordedRequest export = this.server.requests()
			.stream()
			.filter((request) -> request.path().endsWith("/otel/v1/traces"))
			.findFirst()
			.orElseThrow();
		return export.header("Content-Encoding");
	}

}
