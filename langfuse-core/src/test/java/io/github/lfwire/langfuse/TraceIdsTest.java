package io.github.lfwire.langfuse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TraceIdsTest {

	/**
	 * Expected ids computed outside Java, as the Python SDK does:
	 * {@code hashlib.sha256(seed.encode("utf-8")).digest()[:16].hex()}.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', emptyValue = "",
			value = { "ticket-42|d987d0d0e2f47ea84ac614989d4b82ac", "req-7f3a|ae992e22ce44e66829bc0aa419144b10",
					"''|e3b0c44298fc1c149afbf4c8996fb924", "Grüße 🌍|8db31f8a6161989c85a6209bc474492b" })
	void shouldDeriveTheTraceIdOfASeedAsTheOfficialSdksDo(String seed, String expected) {
		assertThat(TraceIds.fromSeed(seed)).isEqualTo(expected);
		assertThat(TraceContext.of(TraceIds.fromSeed(seed)).isValid()).isTrue();
	}

}
