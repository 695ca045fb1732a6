package io.github.lfwire.sample.chat;

import java.util.ArrayList;
import java.util.List;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import io.github.lfwire.sample.model.Message;

import org.springframework.stereotype.Component;

/** Step 11: builds the answer prompt from the instructions, the account, the best documents and the history. */
@Component
public class PromptAssembler {

	private static final String TEMPLATE = "support-answer";

	private static final String INSTRUCTIONS = "You are the support assistant of Acme Drive, a cloud file storage "
			+ "service. Answer the customer's question from the context below only, citing each source as [id]. "
			+ "If the context does not answer it, say so and offer to involve a support agent.";

	private static final int HISTORY_MESSAGES = 6;

	@Observe(type = ObservationType.CHAIN)
	public Prompt assemble(String question, List<Message> history, List<Document> context, AccountSnapshot account) {
		StringBuilder system = new StringBuilder(INSTRUCTIONS);
		system.append("\n\nCustomer: ")
			.append(account.plan())
			.append(" plan, ")
			.append(account.storageUsedGb())
			.append(" of ")
			.append(account.storageQuotaGb())
			.append(" GB used, ")
			.append(account.openTickets())
			.append(" open tickets, last invoice ")
			.append(account.lastInvoiceUsd())
			.append(" USD.\n\nContext:");
		for (Document document : context) {
			system.append("\n\n[").append(document.id()).append("] ").append(document.title()).append('\n');
			system.append(document.text());
		}
		List<Message> messages = new ArrayList<>();
		messages.add(Message.system(system.toString()));
		messages.addAll(history.subList(Math.max(0, history.size() - HISTORY_MESSAGES), history.size()));
		messages.add(Message.user(question));
		return new Prompt(TEMPLATE, List.copyOf(messages));
	}

}
