package io.github.lfwire.langfuse;

import java.util.function.Supplier;

import io.github.lfwire.langfuse.internal.EndSpanProcessor;
import io.github.lfwire.langfuse.internal.LangfuseHttp;
import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.jspecify.annotations.Nullable;

/**
 * The client's private tracer providers, created by the first recorded observation: the
 * main one, and one that starts roots with given trace ids.
 */
final class LangfuseTracers {

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private static final String INSTRUMENTATION_SCOPE = ObservationStarter.INSTRUMENTATION_SCOPE;

	private final TracingSettings settings;

	private final Attributes traceDefaults;

	private final SpanProcessor spanProcessor;

	private final Sampler ratio;

	private final RootTraceIds rootIds;

	private final LazyProvider main;

	private final LazyProvider seeded;

	LangfuseTracers(TracingSettings settings, Attributes traceDefaults, SpanProcessor spanProcessor, Sampler ratio,
			RootTraceIds rootIds) {
		this.settings = settings;
		this.traceDefaults = traceDefaults;
		this.spanProcessor = spanProcessor;
		this.ratio = ratio;
		this.rootIds = rootIds;
		this.main = new LazyProvider(
				() -> provider((settings.sampleRate() >= 1.0) ? IdGenerator.random() : this.rootIds));
		this.seeded = new LazyProvider(() -> provider(this.rootIds));
	}

	/**
	 * The SDK's sampler: children follow their Langfuse parent; a root joined to an
	 * application span (a remote parent) is decided by the one ratio on its trace id
	 * alone, whatever the application sampled; a root of its own trace was decided by the
	 * same ratio on the id {@code ObservationStarter} drew, so the SDK records it without
	 * deciding again.
	 */
	static Sampler sampler(double sampleRate, Sampler ratio) {
		if (sampleRate >= 1.0) {
			return Sampler.alwaysOn();
		}
		return Sampler.parentBasedBuilder(Sampler.alwaysOn())
			.setRemoteParentSampled(ratio)
			.setRemoteParentNotSampled(ratio)
			.build();
	}

	Tracer tracer() {
		return this.main.tracer();
	}

	/**
	 * The tracer for roots of given traces when every trace is recorded: the main one
	 * draws ids with the SDK's own generator, which the SDK trusts without checking them.
	 */
	Tracer seededTracer() {
		return this.seeded.tracer();
	}

	private SdkTracerProvider provider(IdGenerator ids) {
		Resource resource = Resource.getDefault().merge(Resource.create(this.traceDefaults));
		if (this.settings.serviceName() != null) {
			resource = resource.merge(Resource.create(Attributes.of(SERVICE_NAME, this.settings.serviceName())));
		}
		return SdkTracerProvider.builder()
			.setResource(resource)
			.setSampler(sampler(this.settings.sampleRate(), this.ratio))
			.setIdGenerator(ids)
			.addSpanProcessor(this.spanProcessor)
			.build();
	}

	/**
	 * Creates the tracer provider ahead of the first recorded observation, and loads the
	 * SDK's span classes by ending a span of a provider of its own that exports nothing.
	 */
	void prepare() {
		tracer();
		EndSpanProcessor convert = ReadableSpan::toSpanData;
		try (SdkTracerProvider scratch = SdkTracerProvider.builder().addSpanProcessor(convert).build()) {
			scratch.get(INSTRUMENTATION_SCOPE)
				.spanBuilder("prepare")
				.setAttribute(LangfuseAttributes.OBSERVATION_TYPE, ObservationType.SPAN.wireName())
				.startSpan()
				.end();
		}
	}

	/** Shuts the tracer providers down if they were created. */
	void shutdown() {
		this.main.shutdown();
		this.seeded.shutdown();
	}

	/** A tracer provider created on first use, and its tracer. */
	private static final class LazyProvider {

		private final Supplier<SdkTracerProvider> create;

		private volatile @Nullable SdkTracerProvider provider;

		private volatile @Nullable Tracer tracer;

		LazyProvider(Supplier<SdkTracerProvider> create) {
			this.create = create;
		}

		Tracer tracer() {
			Tracer tracer = this.tracer;
			if (tracer == null) {
				synchronized (this) {
					tracer = this.tracer;
					if (tracer == null) {
						SdkTracerProvider provider = this.create.get();
						tracer = provider.get(INSTRUMENTATION_SCOPE, LangfuseHttp.SDK_VERSION);
						this.provider = provider;
						this.tracer = tracer;
					}
				}
			}
			return tracer;
		}

		synchronized void shutdown() {
			if (this.provider != null) {
				this.provider.shutdown();
			}
		}

	}

}
