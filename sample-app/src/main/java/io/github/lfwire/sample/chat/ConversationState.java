package io.github.lfwire.sample.chat;

import java.util.List;

import io.github.lfwire.sample.model.Message;

/**
 * Everything one chat turn produced, persisted at its end; a few hundred KB.
 *
 * @param request the user's message
 * @param history the session's earlier messages
 * @param intent the classified intent
 * @param query the rewritten search query
 * @param retrieved every document the retrievers returned
 * @param ranked the same documents, reranked
 * @param queryEmbedding the query's embedding
 * @param account what the account tool returned
 * @param prompt the prompt sent for the answer
 * @param reply the reply returned to the user
 * @param outputCheck the output guardrail's verdict
 * @param relevance the evaluator's relevance score
 * @param summary the updated session summary
 */
public record ConversationState(ChatRequest request, List<Message> history, Intent intent, String query,
		List<Document> retrieved, List<RankedDocument> ranked, float[] queryEmbedding, AccountSnapshot account,
		Prompt prompt, String reply, GuardrailVerdict outputCheck, double relevance, SessionSummary summary) {
}
