package io.github.lfwire.sample.chat;

/**
 * What the account tool knows about a user.
 *
 * @param userId the user
 * @param plan {@code Free}, {@code Pro} or {@code Business}
 * @param storageUsedGb storage in use
 * @param storageQuotaGb storage included in the plan
 * @param openTickets support tickets not yet resolved
 * @param lastInvoiceUsd the amount of the latest invoice
 */
public record AccountSnapshot(String userId, String plan, double storageUsedGb, int storageQuotaGb, int openTickets,
		double lastInvoiceUsd) {
}
