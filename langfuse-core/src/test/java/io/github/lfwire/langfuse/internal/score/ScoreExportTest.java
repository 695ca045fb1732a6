package io.github.lfwire.langfuse.internal.score;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.github.lfwire.langfuse.internal.export.ExportPipeline;
import io.github.lfwire.langfuse.internal.export.PipelineSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreExportTest {

	@Test
	void shouldPrintScoresWhenThereIsNoTransport() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ExportPipeline<ScoreEvent> pipeline = ScoreExport.pipeline(new PipelineSettings("scores", "the console", 10,
				Duration.ofHours(1), 10, 100_000, 1.0, Duration.ofSeconds(1), 0, Duration.ofMillis(10),
				Duration.ofMillis(10), "maxScoreQueueSize", "maxScoreQueueBytes"), null,
				new PrintStream(out, true, StandardCharsets.UTF_8));
		pipeline.offer(new ScoreEvent("s1", Instant.EPOCH, "accuracy", "NUMERIC", 0.9, "trace-1", null, null, null,
				null, null, null));
		assertThat(pipeline.flush(Duration.ofSeconds(10)).delivered()).isEqualTo(1);
		assertThat(out.toString(StandardCharsets.UTF_8))
			.contains("Langfuse score accuracy=0.9 [numeric] on trace trace-1");
		pipeline.shutdown(Duration.ofSeconds(1));
	}

	@Test
	void shouldCountCommentAgainstQueueBytes() {
		ScoreEvent plain = new ScoreEvent("s1", Instant.EPOCH, "n", "NUMERIC", 1.0, "t", null, null, null, null, null,
				null);
		ScoreEvent commented = new ScoreEvent("s2", Instant.EPOCH, "n", "NUMERIC", 1.0, "t", null, null,
				"x".repeat(100), null, null, null);
		assertThat(ScoreExport.estimateBytes(commented) - ScoreExport.estimateBytes(plain)).isEqualTo(100);
	}

	@Test
	void shouldKeepSendersPackagePrivate() {
		assertThat(Modifier.isPublic(ScoreSender.class.getModifiers())).isFalse();
		assertThat(Modifier.isPublic(ConsoleScoreSender.class.getModifiers())).isFalse();
	}

}
