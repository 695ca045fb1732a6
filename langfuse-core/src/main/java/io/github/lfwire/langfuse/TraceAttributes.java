package io.github.lfwire.langfuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
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

	/** Sets the user the trace belongs to. */
	public TraceAttributes userId(@Nullable String userId) {
		return put(LangfuseAttributes.USER_ID, userId);
	}

	/** Sets the session the trace belongs to. */
	public TraceAttributes sessionId(@Nullable String sessionId) {
		return put(LangfuseAttributes.SESSION_ID, sessionId);
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
