package io.github.lfwire.langfuse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MissingCredentialsTest {

	@Test
	void shouldNameTheMissingSecretKey() {
		LangfuseConfig config = LangfuseConfig.builder().publicKey("pk-lf-1").build();
		assertThat(config.disabledReason()).startsWith("no secret key")
			.contains("LANGFUSE_SECRET_KEY", "(secretKey)", "the public key is set")
			.doesNotContain("LANGFUSE_PUBLIC_KEY", "no credentials");
	}

	@Test
	void shouldNameTheMissingPublicKey() {
		LangfuseConfig config = LangfuseConfig.builder().secretKey("sk-lf-1").build();
		assertThat(config.disabledReason()).startsWith("no public key")
			.contains("LANGFUSE_PUBLIC_KEY", "(publicKey)", "the secret key is set")
			.doesNotContain("LANGFUSE_SECRET_KEY", "sk-lf-1");
	}

	@Test
	void shouldNameBothKeysWhenNeitherIsSet() {
		assertThat(LangfuseConfig.builder().build().disabledReason()).startsWith("no credentials")
			.contains("LANGFUSE_PUBLIC_KEY", "LANGFUSE_SECRET_KEY", "publicKey and secretKey")
			.doesNotContain("langfuse.");
	}

}
