package io.github.lfwire.langfuse.internal.score;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.lfwire.langfuse.internal.export.BatchSender;
import io.github.lfwire.langfuse.internal.export.SendOutcome;

/** A development exporter that prints scores instead of sending them. */
final class ConsoleScoreSender implements BatchSender<ScoreEvent> {

	private final PrintStream out;

	ConsoleScoreSender(PrintStream out) {
		this.out = out;
	}

	@Override
	public byte[] encode(List<ScoreEvent> batch) {
		StringBuilder text = new StringBuilder();
		for (ScoreEvent score : batch) {
			text.append("Langfuse score ")
				.append(score.name())
				.append('=')
				.append(score.value())
				.append(" [")
				.append(score.dataType().toLowerCase(java.util.Locale.ROOT))
				.append("] on ");
			if (score.traceId() != null) {
				text.append("trace ").append(score.traceId());
				if (score.observationId() != null) {
					text.append(" observation ").append(score.observationId());
				}
			}
			else if (score.datasetRunId() != null) {
				text.append("dataset run ").append(score.datasetRunId());
			}
			else {
				text.append("session ").append(score.sessionId());
			}
			text.append('\n');
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public SendOutcome send(byte[] body) {
		this.out.print(new String(body, StandardCharsets.UTF_8));
		this.out.flush();
		return SendOutcome.delivered(0);
	}

}
