package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

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

	private final ThreadLocal<Deque<OpenScope>> scopes = new ThreadLocal<>();

	private final Map<Observation, Recorded> open = new ConcurrentHashMap<>();

	private final Map<Observation, Deque<Recorded>> bySubscriber = new ConcurrentHashMap<>();

	private final Set<Observation> streams = ConcurrentHashMap.newKeySet();

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
			Observation parent = parentOf(context);
			Observation observation;
			try (Scope ignored = parent.makeCurrent()) {
				observation = langfuse.start(mapper.type(context), nameOf(context, mapper));
				observation.detach();
			}
			SpringAiObservationMapper.Capture capture = new SpringAiObservationMapper.Capture(
					langfuse.config().capture().input(), langfuse.config().capture().output());
			boolean stream = context instanceof ChatModelObservationContext chat && chat.isStreaming();
			Recorded recorded = new Recorded(observation, parent, mapper, capture, context, stream);
			context.put(Recorded.class, recorded);
			if (observation.isRecording()) {
				this.open.put(observation, recorded);
				if (trackUnderSubscriber(recorded) && stream && this.streams.contains(recorded.subscriber())) {
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
		if (recorded != null) {
			synchronized (recorded) {
				if (recorded.stop()) {
					complete(recorded, true);
				}
			}
		}
	}

	@Override
	public void subscribed(Observation observation) {
		this.streams.add(observation);
	}

	/**
	 * Records the completion start time of the streamed generations beneath the
	 * observation whose stream delivered its first element.
	 */
	@Override
	public void firstElement(Observation observation, Instant time) {
		Deque<Recorded> beneath = this.bySubscriber.get(observation);
		if (beneath != null) {
			for (Recorded recorded : beneath) {
				if (recorded.stream()) {
					recorded.delivered(time);
				}
			}
		}
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
		Deque<Recorded> beneath = this.bySubscriber.get(observation);
		if (beneath == null) {
			return;
		}
		for (Recorded recorded : beneath) {
			try {
				StreamedChunks chunks = recorded.chunks();
				if (chunks != null) {
					chunks.add(element);
					if (recorded.released()) {
						finish(recorded);
					}
				}
			}
			catch (RuntimeException | LinkageError ex) {
				logger.debug("Could not record a streamed Spring AI chunk in Langfuse", ex);
			}
		}
	}

	/**
	 * Ends the Spring AI observations still open beneath an observed stream that is about
	 * to end, innermost first, so they end before it: Spring AI stops them only after the
	 * stream's terminal signal has travelled on.
	 */
	@Override
	public void ended(Observation observation) {
		this.streams.remove(observation);
		Deque<Recorded> beneath = this.bySubscriber.remove(observation);
		if (beneath == null) {
			return;
		}
		for (Iterator<Recorded> latestFirst = beneath.descendingIterator(); latestFirst.hasNext();) {
			Recorded recorded = latestFirst.next();
			if (recorded.release()) {
				finish(recorded);
				continue;
			}
			synchronized (recorded) {
				if (recorded.stop()) {
					complete(recorded, false);
				}
			}
		}
	}

	/**
	 * Completes a Spring AI observation that stopped, or leaves a streamed chat to be
	 * completed when the subscriber has received what it waits for: a first element, the
	 * chunk that reports usage, or, after a failure, the end of the stream.
	 */
	private void complete(Recorded recorded, boolean mayWait) {
		this.open.remove(recorded.observation());
		boolean waiting = false;
		try {
			waiting = mayWait && recorded.observation().isRecording() && recorded.waitForSubscriber();
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not complete a Spring AI observation in Langfuse", ex);
		}
		if (!waiting) {
			finish(recorded);
		}
	}

	private void finish(Recorded recorded) {
		Context context = recorded.context();
		Observation observation = recorded.observation();
		try {
			if (observation.isRecording()) {
				recorded.mapper().onStop(context, observation, recorded.capture());
				if (context.getError() != null) {
					observation.recordException(context.getError());
				}
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not complete a Spring AI observation in Langfuse", ex);
		}
		finally {
			untrack(recorded);
			end(recorded);
		}
	}

	private void end(Recorded recorded) {
		Observation observation = recorded.observation();
		try {
			Instant firstDelivery = recorded.firstDelivery();
			if (firstDelivery != null && recorded.context().getError() == null && observation.isRecording()) {
				recorded.mapper().onFirstDelivery(recorded.context(), observation, firstDelivery);
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
	 * The first ancestor of a Spring AI observation's parent that Spring AI did not
	 * start: the {@code @Observe} method or other observation that subscribed.
	 */
	private Observation outermost(Observation parent) {
		Observation outermost = parent;
		Recorded recorded;
		int depth = 0;
		while ((recorded = this.open.get(outermost)) != null && depth++ < 64) {
			outermost = recorded.parent();
		}
		return outermost;
	}

	private boolean trackUnderSubscriber(Recorded recorded) {
		Observation subscriber = outermost(recorded.parent());
		if (!subscriber.isRecording()) {
			return false;
		}
		recorded.trackedUnder(subscriber);
		this.bySubscriber.computeIfAbsent(subscriber, (key) -> new ConcurrentLinkedDeque<>()).add(recorded);
		return true;
	}

	private void untrack(Recorded recorded) {
		Observation subscriber = recorded.subscriber();
		if (subscriber != null) {
			this.bySubscriber.computeIfPresent(subscriber, (key, beneath) -> {
				beneath.remove(recorded);
				return beneath.isEmpty() ? null : beneath;
			});
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
		if (current == Observation.noop()) {
			current = SubscribingObservation.current();
		}
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

		private final Observation parent;

		private final Context context;

		private final boolean stream;

		private final SpringAiObservationMapper<Context> mapper;

		private final SpringAiObservationMapper.Capture capture;

		private final Thread starter = Thread.currentThread();

		private volatile Instant firstDelivery;

		private volatile boolean stopped;

		private volatile @Nullable Observation subscriber;

		private boolean waiting;

		Recorded(Observation observation, Observation parent, SpringAiObservationMapper<Context> mapper,
				SpringAiObservationMapper.Capture capture, Context context, boolean stream) {
			this.observation = observation;
			this.parent = parent;
			this.context = context;
			this.stream = stream;
			this.mapper = mapper;
			this.capture = capture;
		}

		Observation observation() {
			return this.observation;
		}

		Observation parent() {
			return this.parent;
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

		Context context() {
			return this.context;
		}

		/** Whether this is a streamed chat, whose completion start time is wanted. */
		boolean stream() {
			return this.stream;
		}

		void trackedUnder(Observation subscriber) {
			this.subscriber = subscriber;
		}

		@Nullable Observation subscriber() {
			return this.subscriber;
		}

		/** What the subscriber of a streamed chat received, or {@code null}. */
		@Nullable StreamedChunks chunks() {
			return this.context.get(StreamedChunks.class);
		}

		/**
		 * Whether the completion waits for the subscriber: a streamed chat beneath an
		 * observed stream that still has to deliver what Spring AI stopped with.
		 */
		synchronized boolean waitForSubscriber() {
			StreamedChunks chunks = chunks();
			this.waiting = this.subscriber != null && chunks != null
					&& this.context instanceof ChatModelObservationContext chat && chunks.awaited(chat);
			return this.waiting;
		}

		/**
		 * Whether the completion was waiting and now has what it waited for, which is
		 * then up to the caller.
		 */
		synchronized boolean released() {
			StreamedChunks chunks = chunks();
			return this.waiting && chunks != null && this.context instanceof ChatModelObservationContext chat
					&& !chunks.awaited(chat) && release();
		}

		/** Records the first delivery. */
		synchronized void delivered(Instant time) {
			if (this.firstDelivery == null) {
				this.firstDelivery = time;
			}
		}

		/** Whether the end was waiting, which is now up to the caller. */
		synchronized boolean release() {
			boolean wasWaiting = this.waiting;
			this.waiting = false;
			return wasWaiting;
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
