package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamedOutputTest {

	@Test
	void shouldReadServerSentEventsWhateverTheWritesLookLike() {
		StreamedOutput output = new StreamedOutput(true, 4096, 100);
		write(output, "data:");
		write(output, "Hello\n");
		write(output, "\ndata: spaced\r\n\r\n: a comment\n\nevent:done\nid:7\ndata:line one\ndata:line two\n\n");
		output.flushed();
		assertThat(output.kept()).containsExactly("Hello", "spaced",
				Map.of("event", "done", "id", "7", "data", "line one\nline two"));
		assertThat(output.received()).isEqualTo(3);
	}

	@Test
	void shouldKeepAnEventThatWasNotTerminatedWhenTheStreamEnds() {
		StreamedOutput output = new StreamedOutput(true, 4096, 100);
		write(output, "data:a\n\ndata:b\n");
		assertThat(output.kept()).containsExactly("a");
		output.writeTo(io.github.lfwire.langfuse.Observation.noop());
		assertThat(output.kept()).containsExactly("a", "b");
	}

	@Test
	void shouldSplitOtherStreamsAtFlushes() {
		StreamedOutput output = new StreamedOutput(false, 4096, 100);
		write(output, "{\"token\":");
		write(output, "\"a\"}");
		output.flushed();
		output.flushed();
		write(output, "{\"token\":\"b\"}");
		output.flushed();
		assertThat(output.kept()).containsExactly("{\"token\":\"a\"}", "{\"token\":\"b\"}");
		assertThat(output.received()).isEqualTo(2);
	}

	@Test
	void shouldOnlyCountEventsBeyondTheByteLimitAndNeverKeepAPartOfOne() {
		StreamedOutput output = new StreamedOutput(true, 50, 100);
		for (int i = 0; i < 5; i++) {
			write(output, "data:event-" + i + "-padding\n\n");
		}
		assertThat(output.kept()).containsExactly("event-0-padding", "event-1-padding");
		assertThat(output.received()).isEqualTo(5);
	}

	@Test
	void shouldOnlyCountChunksBeyondTheElementLimit() {
		StreamedOutput output = new StreamedOutput(false, 4096, 2);
		for (int i = 0; i < 4; i++) {
			write(output, "chunk-" + i);
			output.flushed();
		}
		assertThat(output.kept()).containsExactly("chunk-0", "chunk-1");
		assertThat(output.received()).isEqualTo(4);
	}

	private static void write(StreamedOutput output, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		output.write(bytes, 0, bytes.length);
	}

}
