package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.ObservedStreamListener;
import io.github.lfwire.langfuse.spring.boot.autoconfigure.observe.SubscribingObservation;
import io.micrometer.observation.Observation.Context;
import io.micrometer.observation.Observation.ContextView;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.opentelemetry.context.Scope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Turns Spring AI's Micrometer observations (chat, embedding, tool calls, vector store,
 * {@code ChatClient}, advisors) into Langfuse observations, read from Spring AI's
 * observation contexts.
 * <p>
 * Each Spring AI observation becomes one Langfuse observation, a child of the Langfuse
 * observation of its parent Spring AI observation or of the current Langfuse observation,
 * and is current on the thread while its Micrometer scope is open, so {@code @Observe}
 * methods called inside nest beneath it. With Micrometer Tracing, Spring Boot registers
 * this handler after the tracing handlers, so both the application's span and the
 * Langfuse observation are current inside. Tracing never throws into the application.
 * <p>
 * A streamed chat's completion start time is when its first chunk is delivered on a
 * thread other than the one that started it (Spring AI opens its scope there under
 * Reactor's automatic context propagation) or, without that, when the first element of
 * the {@code @Observe} method's stream that contains it reaches its subscriber. The
 * elements of that stream are what a streamed chat keeps as output when it is cancelled
 * or fails before Spring AI recorded a response, and the usage its last chunk reported
 * adds the details (cached tokens) Spring AI's aggregated response lacks.
 */
public final class LangfuseSpringAiObservationHandler implements ObservationHandler<Context>, ObservedStreamListener {

	private static final Log logger = LogFactory.getLog(LangfuseSpringAiObservationHandler.class);

	private final ObjectProvider<LangfuseClient> client;

	private final List<SpringAiObservationMapper<?>> mappers;

	private final ClassValue<Optional<SpringAiObservationMapper<Context>>> mapperByContextType = new ClassValue<>() {
		@Override
		protected Optional<SpringAiObservationMapper<Context>> computeValue(Class<?> type) {
			return Optional.ofNullable(firstMapperFor(type));
		}
	};

	private final LangfuseScopes scopes = new LangfuseScopes();

	private final OpenSpringAiObservations open = new OpenSpringAiObservations();

	private final SpringAiObservationCompletion completion = new SpringAiObservationCompletion(this.open);

	private volatile @Nullable LangfuseClient resolved;

	LangfuseSpringAiObservationHandler(ObjectProvider<LangfuseClient> client,
			List<SpringAiObservationMapper<?>> mappers) {
		this.client = client;
		this.mappers = List.copyOf(mappers);
	}

	@Override
	public boolean supportsContext(Context context) {
		return mapperFor(context) != null;
	}

	@Override
	public void onStart(Context context) {
		try {
			if (context.get(RecordedSpringAiObservation.class) != null) {
				return;
			}
			SpringAiObservationMapper<Context> mapper = mapperFor(context);
			LangfuseClient langfuse = (mapper != null) ? langfuse() : null;
			if (mapper == null || langfuse == null) {
				return;
			}
			Observation parent = parentOf(context);
			Observation observation;
			try (Scope ignored = parent.makeCurrent()) {
				observation = langfuse.start(mapper.type(context), nameOf(context, mapper));
				observation.detach();
			}
			SpringAiObservationMapper.Capture capture = new SpringAiObservationMapper.Capture(
					langfuse.config().capture().input(), langfuse.config().capture().output());
			boolean stream = context instanceof ChatModelObservationContext chat && chat.isStreaming();
			RecordedSpringAiObservation recorded = new RecordedSpringAiObservation(observation, parent, mapper, capture,
					context, stream);
			context.put(RecordedSpringAiObservation.class, recorded);
			if (observation.isRecording()) {
				if (this.open.opened(recorded) && stream) {
					context.put(StreamedChunks.class, new StreamedChunks(langfuse.config().capture().maxBytes()));
				}
				mapper.onStart(context, observation, capture);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not record a Spring AI observation in Langfuse", ex);
		}
	}

	@Override
	public void onScopeOpened(Context context) {
		RecordedSpringAiObservation recorded = context.get(RecordedSpringAiObservation.class);
		if (recorded != null) {
			recorded.scopeOpened();
			this.scopes.open(recorded.observation());
		}
	}

	@Override
	public void onScopeClosed(Context context) {
		if (context.get(RecordedSpringAiObservation.class) != null) {
			this.scopes.close();
		}
	}

	@Override
	public void onStop(Context context) {
		RecordedSpringAiObservation recorded = context.get(RecordedSpringAiObservation.class);
		if (recorded != null) {
			this.completion.stopped(recorded);
		}
	}

	@Override
	public void subscribed(Observation observation) {
		this.open.subscribed(observation);
	}

	/**
	 * Records the completion start time of the streamed generations beneath the
	 * observation whose stream delivered its first element.
	 */
	@Override
	public void firstElement(Observation observation, Instant time) {
		this.completion.firstElement(observation, time);
	}

	/**
	 * Records an element of an observed stream for the streamed generations beneath it
	 * (their output when the stream is cancelled or fails, the usage details of their
	 * last chunk) and completes those that Spring AI stopped and that wait for nothing
	 * more: a {@code publishOn} between the model and the subscriber (every
	 * {@code ChatClient} stream has one) delivers elements after Spring AI stopped.
	 */
	@Override
	public void element(Observation observation, Object element) {
		this.completion.element(observation, element);
	}

	/**
	 * Ends the Spring AI observations still open beneath an observed stream that is about
	 * to end, innermost first, so they end before it: Spring AI stops them only after the
	 * stream's terminal signal has travelled on.
	 */
	@Override
	public void ended(Observation observation) {
		this.completion.ended(observation);
	}

	/**
	 * The client, looked up in the bean factory until found and then kept: a lookup per
	 * observation resolves the dependency each time, which costs more than recording a
	 * sampled-out observation.
	 */
	private @Nullable LangfuseClient langfuse() {
		LangfuseClient langfuse = this.resolved;
		if (langfuse == null) {
			langfuse = this.client.getIfAvailable();
			this.resolved = langfuse;
		}
		return langfuse;
	}

	private Observation parentOf(Context context) {
		Observation current = Observation.current();
		if (current == Observation.noop()) {
			current = SubscribingObservation.current();
		}
		Observation inherited = inheritedFrom(context.getParentObservation());
		if (inherited == null) {
			return current;
		}
		return this.scopes.isOpenOnThisThread(inherited) ? current : inherited;
	}

	private static @Nullable Observation inheritedFrom(@Nullable ObservationView parent) {
		int depth = 0;
		while (parent != null && depth++ < 64) {
			ContextView view = parent.getContextView();
			RecordedSpringAiObservation recorded = view.get(RecordedSpringAiObservation.class);
			if (recorded != null) {
				return recorded.observation();
			}
			parent = view.getParentObservation();
		}
		return null;
	}

	private static String nameOf(Context context, SpringAiObservationMapper<Context> mapper) {
		String named = mapper.name(context);
		if (named != null && !named.isBlank()) {
			return named;
		}
		String contextual = context.getContextualName();
		return (contextual != null && !contextual.isBlank()) ? contextual : context.getName();
	}

	/**
	 * The first mapper whose context type the context is an instance of, decided once per
	 * context class: Micrometer asks every handler about every observation.
	 */
	private @Nullable SpringAiObservationMapper<Context> mapperFor(Context context) {
		return this.mapperByContextType.get(context.getClass()).orElse(null);
	}

	@SuppressWarnings("unchecked")
	private @Nullable SpringAiObservationMapper<Context> firstMapperFor(Class<?> contextType) {
		for (SpringAiObservationMapper<?> mapper : this.mappers) {
			if (mapper.contextType().isAssignableFrom(contextType)) {
				return (SpringAiObservationMapper<Context>) mapper;
			}
		}
		return null;
	}

}
