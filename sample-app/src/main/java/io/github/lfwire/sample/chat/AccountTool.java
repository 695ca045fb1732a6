package io.github.lfwire.sample.chat;

import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;

import org.springframework.stereotype.Component;

/** Step 10: the tool that looks the user up in the billing system, here derived from the user id. */
@Component
public class AccountTool {

	private static final String[] PLANS = { "Free", "Pro", "Business" };

	private static final int[] QUOTAS_GB = { 15, 2000, 5000 };

	private static final double[] PRICES_USD = { 0, 11.99, 24.00 };

	@Observe(type = ObservationType.TOOL)
	public AccountSnapshot lookup(String userId) {
		int seed = Math.floorMod(userId.hashCode(), 1000);
		int plan = seed % PLANS.length;
		double used = Math.round(QUOTAS_GB[plan] * (seed / 1000.0) * 10) / 10.0;
		return new AccountSnapshot(userId, PLANS[plan], used, QUOTAS_GB[plan], seed % 3, PRICES_USD[plan]);
	}

}
