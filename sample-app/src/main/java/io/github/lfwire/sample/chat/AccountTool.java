package io.github.lfwire.sample.chat;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * The tool that looks the user up in the billing system, here derived from the user id;
 * the model calls it.
 */
@Component
public class AccountTool {

	private static final String[] PLANS = { "Free", "Pro", "Business" };

	private static final int[] QUOTAS_GB = { 15, 2000, 5000 };

	private static final double[] PRICES_USD = { 0, 11.99, 24.00 };

	@Tool(name = "account_lookup", description = "The customer's plan, storage, open tickets and last invoice")
	public AccountSnapshot lookup(@ToolParam(description = "the customer's user id") String userId) {
		int seed = Math.floorMod(userId.hashCode(), 1000);
		int plan = seed % PLANS.length;
		double used = Math.round(QUOTAS_GB[plan] * (seed / 1000.0) * 10) / 10.0;
		return new AccountSnapshot(userId, PLANS[plan], used, QUOTAS_GB[plan], seed % 3, PRICES_USD[plan]);
	}

}
