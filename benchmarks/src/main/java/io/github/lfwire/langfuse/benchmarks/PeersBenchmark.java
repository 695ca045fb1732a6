package io.github.lfwire.langfuse.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;

/**
 * Peers: the same small method with no tracing, through {@code @Observe} with capture off
 * and on, through the Langfuse API without capture, through the OpenTelemetry SDK
 * directly (a span started, made current and ended, batched to OTLP/HTTP), and through
 * Micrometer's {@code @Observed} aspect bridged to that OpenTelemetry SDK. Peers capture
 * nothing, so {@code @Observe} with capture off is the like-for-like comparison.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PeersBenchmark {

	private static final String INPUT = BasicsBenchmark.INPUT;

	/** A bean method observed by Micrometer. */
	public static class MicrometerService {

		@Observed(name = "work")
		public String work(String input) {
			return "echo:" + input;
		}

	}

	/**
	 * An OpenTelemetry SDK exporting OTLP/HTTP to a loopback collector with its defaults,
	 * and Micrometer on top.
	 */
	@State(Scope.Benchmark)
	public static class OpenTelemetryPeer {

		LoopbackCollector collector;

		SdkTracerProvider provider;

		Tracer tracer;

		MicrometerService micrometer;

		@Setup
		public void start() {
			this.collector = LoopbackCollector.start();
			String credentials = Base64.getEncoder()
				.encodeToString((LoopbackCollector.PUBLIC_KEY + ":" + LoopbackCollector.SECRET_KEY)
					.getBytes(StandardCharsets.UTF_8));
			OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
				.setEndpoint(this.collector.baseUrl() + "/api/public/otel/v1/traces")
				.setCompression("gzip")
				.addHeader("Authorization", "Basic " + credentials)
				.build();
			this.provider = SdkTracerProvider.builder()
				.addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
				.build();
			this.tracer = this.provider.get("benchmark");
			ObservationRegistry registry = ObservationRegistry.create();
			OtelTracer bridge = new OtelTracer(this.tracer, new OtelCurrentTraceContext(), (event) -> {
			});
			registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(bridge));
			AspectJProxyFactory proxies = new AspectJProxyFactory(new MicrometerService());
			proxies.setProxyTargetClass(true);
			proxies.addAspect(new ObservedAspect(registry));
			this.micrometer = proxies.getProxy();
		}

		@TearDown
		public void stop() {
			this.provider.shutdown().join(10, TimeUnit.SECONDS);
			this.collector.close();
		}

	}

	@Benchmark
	public String baseline(UntracedService untraced) {
		return untraced.service.work(INPUT);
	}

	@Benchmark
	public String langfuseCaptureOff(TracedApp traced) {
		return traced.observed.workCaptureOff(INPUT);
	}

	@Benchmark
	public String langfuseCaptureOn(TracedApp traced) {
		return traced.observed.work(INPUT);
	}

	@Benchmark
	public String langfuseApiNoCapture(TracedApp traced) {
		try (Observation observation = traced.client.span("work")) {
			return "echo:" + INPUT;
		}
	}

	@Benchmark
	public String otelSdkSpan(OpenTelemetryPeer peer) {
		Span span = peer.tracer.spanBuilder("work").startSpan();
		try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
			return "echo:" + INPUT;
		}
		finally {
			span.end();
		}
	}

	@Benchmark
	public String micrometerObserved(OpenTelemetryPeer peer) {
		return peer.micrometer.work(INPUT);
	}

}
