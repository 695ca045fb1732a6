package io.github.lfwire.sample.chat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Message;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.stereotype.Service;

/**
 * The root of each trace: runs the 16 steps of one chat turn, each an {@code @Observe}
 * node whose Spring AI model, tool and retrieval calls nest beneath it; the three
 * retrievals run in parallel on Spring Boot's {@code applicationTaskExecutor}, which
 * carries the current observation to its threads.
 */
@Service
public class ChatWorkflow {

	private static final String REFUSAL = "Sorry, I can't help with that request.";

	private static final String FALLBACK = "Sorry, I can't share that answer here. A support agent will follow up.";

	private static final int PROMPT_DOCUMENTS = 4;

	private final InputGuardrail inputGuardrail;

	private final ConversationStore conversations;

	private final IntentClassifier intentClassifier;

	private final QueryRewriter queryRewriter;

	private final KnowledgeBaseRetriever knowledgeBase;

	private final FaqRetriever faq;

	private final TicketRetriever tickets;

	private final Reranker reranker;

	private final QueryEmbedder embedder;

	private final AccountLookup accountLookup;

	private final PromptAssembler promptAssembler;

	private final AnswerGenerator answerGenerator;

	private final OutputGuardrail outputGuardrail;

	private final AnswerEvaluator evaluator;

	private final SessionSummaries sessionSummaries;

	private final AsyncTaskExecutor executor;

	public ChatWorkflow(InputGuardrail inputGuardrail, ConversationStore conversations,
			IntentClassifier intentClassifier, QueryRewriter queryRewriter, KnowledgeBaseRetriever knowledgeBase,
			FaqRetriever faq, TicketRetriever tickets, Reranker reranker, QueryEmbedder embedder,
			AccountLookup accountLookup, PromptAssembler promptAssembler, AnswerGenerator answerGenerator,
			OutputGuardrail outputGuardrail, AnswerEvaluator evaluator, SessionSummaries sessionSummaries,
			AsyncTaskExecutor applicationTaskExecutor) {
		this.inputGuardrail = inputGuardrail;
		this.conversations = conversations;
		this.intentClassifier = intentClassifier;
		this.queryRewriter = queryRewriter;
		this.knowledgeBase = knowledgeBase;
		this.faq = faq;
		this.tickets = tickets;
		this.reranker = reranker;
		this.embedder = embedder;
		this.accountLookup = accountLookup;
		this.promptAssembler = promptAssembler;
		this.answerGenerator = answerGenerator;
		this.outputGuardrail = outputGuardrail;
		this.evaluator = evaluator;
		this.sessionSummaries = sessionSummaries;
		this.executor = applicationTaskExecutor;
	}

	@Observe(type = ObservationType.AGENT)
	public ChatResponse handle(ChatRequest request) {
		Observation turn = Observation.current();
		turn.trace()
			.name("chat-turn")
			.userId(request.userId())
			.sessionId(request.sessionId())
			.tags("support-bot", "sample-app");
		if (!this.inputGuardrail.check(request.message()).allowed()) {
			return ChatResponse.of(REFUSAL, turn);
		}
		List<Message> history = this.conversations.loadHistory(request.sessionId());
		Intent intent = this.intentClassifier.classify(request.message());
		String query = this.queryRewriter.rewrite(request.message(), history);
		List<Document> retrieved = retrieveInParallel(query);
		List<RankedDocument> ranked = this.reranker.rerank(query, retrieved);
		float[] queryEmbedding = this.embedder.embed(query);
		AccountSnapshot account = this.accountLookup.lookup(request.userId());
		List<Document> context = ranked.stream().limit(PROMPT_DOCUMENTS).map(RankedDocument::document).toList();
		Prompt prompt = this.promptAssembler.assemble(request.message(), history, context, account);
		String answer = this.answerGenerator.generate(prompt);
		GuardrailVerdict outputCheck = this.outputGuardrail.check(answer);
		String reply = outputCheck.allowed() ? answer : FALLBACK;
		double relevance = this.evaluator.evaluate(request.message(), reply, context);
		SessionSummary summary = this.sessionSummaries.update(request.sessionId(), intent, request.message());
		this.conversations.save(new ConversationState(request, history, intent, query, retrieved, ranked,
				queryEmbedding, account, prompt, reply, outputCheck, relevance, summary));
		return ChatResponse.of(reply, turn);
	}

	private List<Document> retrieveInParallel(String query) {
		CompletableFuture<List<Document>> articles = this.executor
			.submitCompletable(() -> this.knowledgeBase.search(query));
		CompletableFuture<List<Document>> answers = this.executor.submitCompletable(() -> this.faq.search(query));
		CompletableFuture<List<Document>> solved = this.executor.submitCompletable(() -> this.tickets.search(query));
		return Stream.of(articles, answers, solved).flatMap((search) -> search.join().stream()).toList();
	}

}
