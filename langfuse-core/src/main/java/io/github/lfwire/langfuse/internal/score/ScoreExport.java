package io.github.lfwire.langfuse.internal.score;

import java.io.PrintStream;

import io.github.lfwire.langfuse.internal.export.ExportPipeline;
import io.github.lfwire.langfuse.internal.export.PipelineSettings;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of the score package: creates the pipeline that sends scores to
 * Langfuse's ingestion endpoint.
 */
public final class ScoreExport {

	private static final int FIXED_SCORE_BYTES = 512;

	private ScoreExport() {
	}

	/**
	 * Creates the score pipeline: to the ingestion endpoint over the transport, or
	 * printed when it is {@code null}.
	 */
	public static ExportPipeline<ScoreEvent> pipeline(PipelineSettings settings, @Nullable LangfuseHttp http,
			PrintStream console) {
		return ExportPipeline.create(settings, (http != null) ? new ScoreSender(http) : new ConsoleScoreSender(console),
				ScoreExport::estimateBytes);
	}

	static long estimateBytes(ScoreEvent score) {
		return FIXED_SCORE_BYTES + ((score.comment() != null) ? score.comment().length() : 0);
	}

}
