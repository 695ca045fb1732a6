package io.github.lfwire.langfuse.dataset;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;
import io.github.lfwire.langfuse.testing.FakeResponse;
import io.github.lfwire.langfuse.testing.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LangfuseDatasetsTest {

	private final FakeLangfuseServer server = FakeLangfuseServer.start();

	private final LangfuseDatasets datasets = LangfuseDatasets.builder(this.server.clientConfig().build())
		.initialBackoff(Duration.ofMillis(5))
		.maxBackoff(Duration.ofMillis(20))
		.build();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void shouldReadEveryPageInOrder() {
		this.server.datasets().create("qa");
		List<String> ids = IntStream.range(0, 120)
			.mapToObj((i) -> this.server.datasets().addItem("qa", "question " + i, "answer " + i))
			.toList();

		List<DatasetItem> items = this.datasets.items("qa");

		assertThat(items).extracting(DatasetItem::id).containsExactlyElementsOf(ids);
		assertThat(items.get(7).input()).isEqualTo("question 7");
		assertThat(items.get(7).expectedOutput()).isEqualTo("answer 7");
		assertThat(itemRequests()).hasSize(3);
		this.server.assertContractRespected();
	}

	@Test
	void shouldCreateADatasetAndUpsertItemsByIdWithJsonValues() {
		Dataset dataset = this.datasets.create("folder/qa", "questions", Map.of("owner", "team"));
		DatasetItem created = this.datasets.upsertItem(new NewDatasetItem("folder/qa", "item-1",
				Map.of("message", "hi"), Map.of("answer", "hello"), Map.of("tier", 1), false));
		this.datasets.upsertItem(
				new NewDatasetItem("folder/qa", "item-1", Map.of("message", "hi again"), null, Map.of(), false));

		assertThat(this.datasets.get("folder/qa")).isEqualTo(dataset);
		assertThat(dataset.metadata()).containsEntry("owner", "team");
		assertThat(created.datasetId()).isEqualTo(dataset.id());
		assertThat(created.expectedOutput()).isEqualTo(Map.of("answer", "hello"));
		assertThat(this.datasets.items("folder/qa")).singleElement()
			.satisfies((item) -> assertThat(item.input()).isEqualTo(Map.of("message", "hi again")));
		this.server.assertContractRespected();
	}

	@Test
	void shouldSkipArchivedItems() {
		this.server.datasets().create("qa");
		this.datasets.upsertItem(NewDatasetItem.of("qa", "kept", null));
		this.datasets.upsertItem(new NewDatasetItem("qa", null, "archived", null, Map.of(), true));

		assertThat(this.datasets.items("qa")).extracting(DatasetItem::input).containsExactly("kept");
	}

	@Test
	void shouldThrowWithStatus404ForAnUnknownDataset() {
		assertThatExceptionOfType(LangfuseDatasetException.class).isThrownBy(() -> this.datasets.get("missing"))
			.withMessageContaining("dataset 'missing'")
			.withMessageContaining("HTTP 404")
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(404));
	}

	@Test
	void shouldRetryServerErrorsAndRateLimits() {
		this.server.datasets().create("qa");
		this.server.enqueueDatasetResponses(FakeResponse.status(503), FakeResponse.status(504),
				FakeResponse.retryAfter(429, "0"));

		assertThat(this.datasets.get("qa").name()).isEqualTo("qa");
		assertThat(this.datasets.retries()).isEqualTo(3);
	}

	@Test
	void shouldNotRetryARefusal() {
		this.server.enqueueDatasetResponses(FakeResponse.status(400));

		assertThatExceptionOfType(LangfuseDatasetException.class).isThrownBy(() -> this.datasets.get("qa"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400));
		assertThat(this.datasets.retries()).isZero();
	}

	@Test
	void shouldGiveUpAfterMaxRetries() {
		LangfuseDatasets once = LangfuseDatasets.builder(this.server.clientConfig().build())
			.maxRetries(1)
			.initialBackoff(Duration.ZERO)
			.build();
		this.server.enqueueDatasetResponses(FakeResponse.status(500), FakeResponse.status(502));

		assertThatExceptionOfType(LangfuseDatasetException.class).isThrownBy(() -> once.get("qa"))
			.withMessageContaining("HTTP 502")
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(502));
	}

	@Test
	void shouldAskForTheProjectOnceAndBuildTheRunUrl() {
		String url = this.datasets.datasetRunUrl("d1", "r1");
		this.datasets.datasetRunUrl("d1", "r2");

		assertThat(url).isEqualTo(this.server.baseUrl() + "/project/fake-project/datasets/d1/runs/r1");
		assertThat(this.server.requests()).filteredOn((request) -> request.path().equals("/api/public/projects"))
			.hasSize(1);
	}

	@Test
	void shouldBeUnavailableWithoutKeys() {
		LangfuseDatasets none = LangfuseDatasets.create(LangfuseConfig.builder().build());

		assertThat(none.isAvailable()).isFalse();
		assertThatExceptionOfType(LangfuseDatasetException.class).isThrownBy(() -> none.get("qa"))
			.withMessageContaining("no Langfuse credentials");
	}

	@Test
	void shouldRejectAPageSizeTheServerRefuses() {
		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> LangfuseDatasets.builder(this.server.clientConfig().build()).pageSize(101).build())
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("datasetPageSize"));
	}

	private List<RecordedRequest> itemRequests() {
		return this.server.requests()
			.stream()
			.filter((request) -> request.path().equals(FakeLangfuseServer.DATASET_ITEMS_PATH))
			.toList();
	}

}
