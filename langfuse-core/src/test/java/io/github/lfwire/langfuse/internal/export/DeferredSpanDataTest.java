package io.github.lfwire.langfuse.internal.export;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.lfwire.langfuse.internal.EndSpanProcessor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deferred attributes are computed once, when first read, replace the span's own of the
 * same key, respect the span's attribute limit, and are counted by their estimate without
 * being computed.
 */
class DeferredSpanDataTest {

	private static final AttributeKey<String> INPUT = AttributeKey.stringKey("langfuse.observation.input");

	private static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("langfuse.observation.output");

	private final List<SpanData> ended = new ArrayList<>();

	private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new Collector()).build();

	@Test
	void deferredAttributesAreComputedOnceWhenFirstReadAndReplaceTheSpansOwn() {
		AtomicInteger computed = new AtomicInteger();
		Span span = this.provider.get("test").spanBuilder("op").startSpan();
		span.setAttribute(INPUT, "\"eager\"");
		DeferredSpanData.end(span, 1_000, () -> {
			computed.incrementAndGet();
			return Attributes.of(INPUT, "\"deferred\"", OUTPUT, "\"out\"");
		});
		SpanData data = this.ended.get(0);
		assertThat(data).isInstanceOf(DeferredSpanData.class);
		long estimate = LangfuseSpanProcessor.estimateBytes(data);
		assertThat(computed).as("the queue's estimate computes nothing").hasValue(0);
		assertThat(estimate).isGreaterThanOrEqualTo(1_000);
		assertThat(data.getAttributes().get(INPUT)).isEqualTo("\"deferred\"");
		assertThat(data.getAttributes().get(OUTPUT)).isEqualTo("\"out\"");
		assertThat(data.getTotalAttributeCount()).isEqualTo(2);
		assertThat(data.getAttributes()).isSameAs(data.getAttributes());
		assertThat(computed).hasValue(1);
	}

	@Test
	void aSpanEndedWithoutDeferredAttributesIsHandedOnAsItIs() {
		Span span = this.provider.get("test").spanBuilder("op").startSpan();
		span.setAttribute(INPUT, "\"eager\"");
		span.end();
		assertThat(this.ended.get(0)).isNotInstanceOf(DeferredSpanData.class);
		assertThat(this.ended.get(0).getAttributes().get(INPUT)).isEqualTo("\"eager\"");
	}

	@Test
	void deferredAttributesBeyondTheSpansAttributeLimitAreDroppedAndCountedAsTheSdkDoes() {
		Span span = this.provider.get("test").spanBuilder("op").startSpan();
		for (int i = 0; i < 128; i++) {
			span.setAttribute("key." + i, "v");
		}
		DeferredSpanData.end(span, 10,
				() -> Attributes.of(INPUT, "\"deferred\"", AttributeKey.stringKey("key.0"), "w"));
		SpanData data = this.ended.get(0);
		assertThat(data.getAttributes().size()).isEqualTo(128);
		assertThat(data.getAttributes().get(INPUT)).isNull();
		assertThat(data.getAttributes().get(AttributeKey.stringKey("key.0"))).isEqualTo("w");
		assertThat(data.getTotalAttributeCount()).isEqualTo(129);
	}

	@Test
	void aFailingComputationLeavesTheSpansOwnAttributes() {
		Span span = this.provider.get("test").spanBuilder("op").startSpan();
		span.setAttribute(OUTPUT, "\"kept\"");
		DeferredSpanData.end(span, 10, () -> {
			throw new IllegalStateException("broken");
		});
		assertThat(this.ended.get(0).getAttributes().get(OUTPUT)).isEqualTo("\"kept\"");
		assertThat(this.ended.get(0).getAttributes().size()).isEqualTo(1);
	}

	private final class Collector implements EndSpanProcessor {

		@Override
		public void onEnd(ReadableSpan span) {
			DeferredSpanDataTest.this.ended.add(DeferredSpanData.of(span));
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
