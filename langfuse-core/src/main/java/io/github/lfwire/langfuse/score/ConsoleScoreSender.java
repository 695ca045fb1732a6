package io.github.lfwire.langfuse.score;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.lfwire.langfuse.Score;
import io.github.lfwire.langfuse.export.BatchSender;

/** A development exporter that prints scores instead of sending them. */
public final class ConsoleScoreSender implements BatchSender<Score> {

	private final PrintStream out;

	/** Creates a sender that prints to the given stream. */
	public ConsoleScoreSender(PrintStream out) {
		this.out = out;
	}

	@Override
	public byte[] encode(List<Score> batch) {
		StringBuilder text = new StringBuilder();
		for (Score score : batch) {
			text.append("Langfuse score ").append(score.name()).append('=').append(score.value()).append(" [")
				.append(score.dataType().name().toLowerCase(java.util.Locale.ROOT)).append("] on ");
			if (score.traceId() != null) {
				text.append("trace ").append(score.traceId());
				if (score.observationId() != null) {
					text.append(" observation ").append(score.observationId());
				}
			}
			else {
				text.append("session ").append(score.sessionId());
			}
			text.append('\n');
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public Delivery send(byte[] body) {
		this.out.print(new String(body, StandardCharsets.UTF_8));
		this.out.flush();
		return new Delivery(200, null, 0);
	}

}
