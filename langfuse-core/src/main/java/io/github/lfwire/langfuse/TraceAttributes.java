package io.github.lfwire.langfuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.lfwire.langfuse.semconv.LangfuseAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import org.jspecify.annotations.Nullable;

/**
 * Trace-level fields shared by every observation of one trace; each span that ends after
 * a field is set carries it, as Langfuse v4 stores spans one by one.
 */
public final class TraceAttributes {

	static final TraceAttributes NOOP = new TraceAttributes(Attributes.empty(), false);

	/**
	 * The attributes of {@link Observation#noop()}, the observation returned when none is
	 * current: setting the user or session there is dropped and says so once per call
	 * site.
	 */
	static final TraceAttributes OUTSIDE_OBSERVATION = new TraceAttributes(Attributes.empty(), false);

	private static final System.Logger logger = System.getLogger(TraceAttributes.class.getName());

	private static final Set<String> warnedCallSites = ConcurrentHashMap.newKeySet();

	private static final AttributeKey<java.util.List<String>> TAGS = AttributeKey
		.stringArrayKey(LangfuseAttributes.TRACE_TAGS);

	private static final Pattern ENVIRONMENT = Pattern.compile("(?!langfuse)[a-z0-9_-]{1,40}");

	private final boolean mutable;

	private Set<String> tags;

	private volatile Attributes attributes;

	TraceAttributes(Attributes base, boolean mutable) {
		this.attributes = base;
		this.mutable = mutable;
	}

	/** Names the trace. */
	public TraceAttributes name(@Nullable String name) {
		return put(LangfuseAttributes.TRACE_NAME, name);
	}

	/**
	 * Sets the user the trace belongs to; outside any observation the id is dropped and a
	 * warning names the call site, once per call site.
	 */
	public TraceAttributes userId(@Nullable String userId) {
		warnIfOutsideObservation("userId", userId);
		return put(LangfuseAttributes.USER_ID, userId);
	}

	/**
	 * Sets the session the trace belongs to; outside any observation the id is dropped
	 * and a warning names the call site, once per call site.
	 */
	public TraceAttributes sessionId(@Nullable String sessionId) {
		warnIfOutsideObservation("sessionId", sessionId);
		return put(LangfuseAttributes.SESSION_ID, sessionId);
	}

	private void warnIfOutsideObservation(String setter, @Nullable String value) {
		if (this != OUTSIDE_OBSERVATION || value == null || !Observation.tracingStarted()) {
			return;
		}
		String callSite = StackWalker.getInstance()
			.walk((frames) -> frames.dropWhile((frame) -> frame.getClassName().equals(TraceAttributes.class.getName()))
				.findFirst()
				.map(StackWalker.StackFrame::toStackTraceElement)
				.map(StackTraceElement::toString)
				.orElse("an unknown caller"));
		if (warnedCallSites.add(callSite)) {
			logger.log(System.Logger.Level.WARNING, "trace()." + setter + "(..) at " + callSite
					+ " is dropped: no Langfuse observation is current "
					+ "there (Observation.current() is the no-op observation). Call it inside an @Observe "
					+ "method or an observation started with the client; this call site is not reported again.");
		}
	}

	/** Adds tags. */
	public TraceAttributes tags(String... tags) {
		return tags(Arrays.asList(tags));
	}

	/** Adds tags. */
	public TraceAttributes tags(@Nullable Collection<String> tags) {
		if (this.mutable && tags != null) {
			synchronized (this) {
				if (this.tags == null) {
					this.tags = new LinkedHashSet<>();
				}
				for (String tag : tags) {
					if (tag != null) {
						this.tags.add(tag);
					}
				}
				this.attributes = this.attributes.toBuilder().put(TAGS, new ArrayList<>(this.tags)).build();
			}
		}
		return this;
	}

	/** Adds a trace metadata entry; the value is stored as text. */
	public TraceAttributes metadata(String key, @Nullable String value) {
		return put(LangfuseAttributes.TRACE_METADATA_PREFIX + key, value);
	}

	/** Sets the release, overriding the client's. */
	public TraceAttributes release(@Nullable String release) {
		return put(LangfuseAttributes.RELEASE, release);
	}

	/** Sets the version of the traced application logic. */
	public TraceAttributes version(@Nullable String version) {
		return put(LangfuseAttributes.VERSION, version);
	}

	/**
	 * Sets the environment of this trace, overriding the client's; it must be lowercase
	 * {@code [a-z0-9_-]}, at most 40 characters, not starting with {@code langfuse}, else
	 * it is ignored with a warning, as the server would store it as {@code default}.
	 */
	public TraceAttributes environment(@Nullable String environment) {
		if (environment != null && !ENVIRONMENT.matcher(environment).matches()) {
			System.getLogger(TraceAttributes.class.getName())
				.log(System.Logger.Level.WARNING, "Trace environment '" + environment
						+ "' ignored: use lowercase [a-z0-9_-], at most 40 characters, not starting with 'langfuse'");
			return this;
		}
		return put(LangfuseAttributes.ENVIRONMENT, environment);
	}

	/**
	 * Stamps a span attribute on every span of this trace, for trace-wide Langfuse
	 * attributes that have no method here, such as {@code langfuse.experiment.*}.
	 */
	public TraceAttributes attribute(@Nullable String key, @Nullable String value) {
		return put(key, value);
	}

	/** Marks the trace public or private. */
	public TraceAttributes publicTrace(boolean isPublic) {
		if (this.mutable) {
			synchronized (this) {
				this.attributes = this.attributes.toBuilder()
					.put(AttributeKey.booleanKey(LangfuseAttributes.TRACE_PUBLIC), isPublic)
					.build();
			}
		}
		return this;
	}

	/** The attributes stamped on a span when it ends. */
	Attributes attributes() {
		return this.attributes;
	}

	private TraceAttributes put(String key, @Nullable String value) {
		if (this.mutable && key != null && value != null) {
			synchronized (this) {
				this.attributes = this.attributes.toBuilder().put(key, value).build();
			}
		}
		return this;
	}

}
