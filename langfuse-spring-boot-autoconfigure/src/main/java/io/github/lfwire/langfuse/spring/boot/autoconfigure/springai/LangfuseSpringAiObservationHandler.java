package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.Observation;
import io.micrometer.observation.Observation.Context;
import io.micrometer.observation.Observation.ContextView;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.opentelemetry.context.Scope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
 */
public final class LangfuseSpringAiObservationHandler implements ObservationHandler<Context> {

	private static final Log logger = LogFactory.getLog(LangfuseSpringAiObservationHandler.class);

	private final ObjectProvider<LangfuseClient> client;

	private final List<SpringAiObservationMapper<?>> mappers;

	private final ThreadLocal<Deque<OpenScope>> scopes = new ThreadLocal<>();

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
			if (context.get(Recorded.class) != null) {
				return;
			}
			SpringAiObservationMapper<Context> mapper = mapperFor(context);
			LangfuseClient langfuse = (mapper != null) ? langfuse() : null;
			if (mapper == null || langfuse == null) {
				return;
			}
			Observation observation;
			try (Scope ignored = parentOf(context).makeCurrent()) {
				observation = langfuse.start(mapper.type(context), nameOf(context, mapper));
				observation.detach();
			}
			SpringAiObservationMapper.Capture capture = new SpringAiObservationMapper.Capture(
					langfuse.config().capture().input(), langfuse.config().capture().output());
			context.put(Recorded.class, new Recorded(observation, mapper, capture));
			if (observation.isRecording()) {
				mapper.onStart(context, observation, capture);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not record a Spring AI observation in Langfuse", ex);
		}
	}

	@Override
	public void onScopeOpened(Context context) {
		Recorded recorded = context.get(Recorded.class);
		if (recorded != null) {
			recorded.scopeOpened();
			Deque<OpenScope> stack = this.scopes.get();
			if (stack == null) {
				stack = new ArrayDeque<>();
				this.scopes.set(stack);
			}
			stack.push(new OpenScope(recorded.observation(), recorded.observation().makeCurrent()));
		}
	}

	@Override
	public void onScopeClosed(Context context) {
		if (context.get(Recorded.class) != null) {
			Deque<OpenScope> stack = this.scopes.get();
			if (stack == null) {
				return;
			}
			OpenScope scope = stack.poll();
			if (scope != null) {
				scope.scope().close();
			}
			if (stack.isEmpty()) {
				this.scopes.remove();
			}
		}
	}

	@Override
	public void onStop(Context context) {
		Recorded recorded = context.get(Recorded.class);
		if (recorded == null || !recorded.stop()) {
			return;
		}
		Observation observation = recorded.observation();
		try {
			if (observation.isRecording()) {
				if (context.getError() != null) {
					recorded.mapper().onStop(context, observation, recorded.capture());
					observation.recordException(context.getError());
				}
				else {
					if (recorded.firstDelivery() != null) {
						recorded.mapper().onFirstDelivery(context, observation, recorded.firstDelivery());
					}
					recorded.mapper().onStop(context, observation, recorded.capture());
				}
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not complete a Spring AI observation in Langfuse", ex);
		}
		finally {
			observation.end();
		}
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
		Observation inherited = inheritedFrom(context.getParentObservation());
		if (inherited == null) {
			return current;
		}
		return openOnThisThread(inherited) ? current : inherited;
	}

	private boolean openOnThisThread(Observation observation) {
		Deque<OpenScope> stack = this.scopes.get();
		if (stack == null) {
			return false;
		}
		for (OpenScope scope : stack) {
			if (scope.observation() == observation) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable Observation inheritedFrom(@Nullable ObservationView parent) {
		int depth = 0;
		while (parent != null && depth++ < 64) {
			ContextView view = parent.getContextView();
			Recorded recorded = view.get(Recorded.class);
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

	@SuppressWarnings("unchecked")
	private @Nullable SpringAiObservationMapper<Context> mapperFor(Context context) {
		for (SpringAiObservationMapper<?> mapper : this.mappers) {
			if (mapper.contextType().isInstance(context)) {
				return (SpringAiObservationMapper<Context>) mapper;
			}
		}
		return null;
	}

	/** A Langfuse observation made current for a Spring AI observation's scope. */
	private record OpenScope(Observation observation, Scope scope) {
	}

	/** The Langfuse observation recorded for one Spring AI observation. */
	static final class Recorded {

		private final Observation observation;

		private final SpringAiObservationMapper<Context> mapper;

		private final SpringAiObservationMapper.Capture capture;

		private final Thread starter = Thread.currentThread();

		private volatile Instant firstDelivery;

		private volatile boolean stopped;

		Recorded(Observation observation, SpringAiObservationMapper<Context> mapper,
				SpringAiObservationMapper.Capture capture) {
			this.observation = observation;
			this.mapper = mapper;
			this.capture = capture;
		}

		Observation observation() {
			return this.observation;
		}

		SpringAiObservationMapper<Context> mapper() {
			return this.mapper;
		}

		SpringAiObservationMapper.Capture capture() {
			return this.capture;
		}

		void scopeOpened() {
			if (this.firstDelivery == null && Thread.currentThread() != this.starter) {
				synchronized (this) {
					if (this.firstDelivery == null) {
						this.firstDelivery = Instant.now();
					}
				}
			}
		}

		Instant firstDelivery() {
			return this.firstDelivery;
		}

		synchronized boolean stop() {
			if (this.stopped) {
				return false;
			}
			this.stopped = true;
			return true;
		}

	}

}
