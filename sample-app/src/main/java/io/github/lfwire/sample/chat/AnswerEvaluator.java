package io.github.lfwire.sample.chat;

import java.util.List;
import java.util.stream.Collectors;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.Score;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Words;

import org.springframework.stereotype.Component;

/**
 * Step 14: scores how well the answer addresses the question and sticks to the context.
 */
@Component
public class AnswerEvaluator {

	@Observe(type = ObservationType.EVALUATOR)
	public double evaluate(String question, String answer, List<Document> context) {
		String claims = answer.replaceAll("\\[[\\w-]+\\]", "");
		String sources = context.stream().map(Document::text).collect(Collectors.joining(" "));
		double addressed = Words.overlap(question, claims);
		double grounded = Words.overlap(claims, sources);
		double relevance = Math.round((0.5 * addressed + 0.5 * grounded) * 100) / 100.0;
		Observation.current()
			.scoreTrace(Score.numeric("answer_relevance", relevance)
				.comment("mean of question terms answered and answer terms found in the context"));
		return relevance;
	}

}
