package io.github.lfwire.sample.chat;

import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.langfuse.prompt.ChatMessage;
import io.github.lfwire.langfuse.prompt.ChatPrompt;
import io.github.lfwire.langfuse.prompt.LangfusePrompts;
import io.github.lfwire.sample.model.Message;

import org.springframework.stereotype.Component;

/**
 * Step 11: builds the answer prompt from the {@code support-answer} chat prompt managed
 * in Langfuse (or its fallback below when Langfuse cannot provide it), the account, the
 * best documents and the history.
 */
@Component
public class PromptAssembler {

	static final String TEMPLATE = "support-answer";

	static final List<ChatMessage> FALLBACK = List.of(ChatMessage.system("You are the support assistant of Acme "
			+ "Drive, a cloud file storage service. Answer the customer's question from the context below only, "
			+ "citing each source as [id]. If the context does not answer it, say so and offer to involve a support "
			+ "agent.\n\nCustomer: {{account}}\n\nContext:{{context}}"), ChatMessage.placeholder("history"),
			ChatMessage.user("{{question}}"));

	private static final int HISTORY_MESSAGES = 6;

	private final LangfusePrompts prompts;

	public PromptAssembler(LangfusePrompts prompts) {
		this.prompts = prompts;
	}

	@Observe(type = ObservationType.CHAIN)
	public Prompt assemble(String question, List<Message> history, List<Document> context, AccountSnapshot account) {
		ChatPrompt template = this.prompts.chat(TEMPLATE).fallback(FALLBACK).get();
		String customer = account.plan() + " plan, " + account.storageUsedGb() + " of " + account.storageQuotaGb()
				+ " GB used, " + account.openTickets() + " open tickets, last invoice " + account.lastInvoiceUsd()
				+ " USD.";
		StringBuilder documents = new StringBuilder();
		for (Document document : context) {
			documents.append("\n\n[").append(document.id()).append("] ").append(document.title()).append('\n');
			documents.append(document.text());
		}
		List<ChatMessage> recent = history.subList(Math.max(0, history.size() - HISTORY_MESSAGES), history.size())
			.stream()
			.map((message) -> ChatMessage.of(message.role(), message.content()))
			.toList();
		List<Message> messages = template
			.compile(Map.of("account", customer, "context", documents.toString(), "question", question),
					Map.of("history", recent))
			.stream()
			.filter((message) -> !message.isPlaceholder())
			.map((message) -> new Message(message.role(), message.content()))
			.toList();
		return new Prompt(template.name(), template.version(), messages, template);
	}

}
