package io.github.lfwire.langfuse.internal.media;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.github.lfwire.langfuse.media.MediaStats;
import io.github.lfwire.langfuse.media.MediaSettings;
import io.github.lfwire.langfuse.media.MediaDropReason;
import io.github.lfwire.langfuse.media.MediaFailureCause;
import io.github.lfwire.langfuse.media.MediaSkipReason;

/** The counters behind {@link MediaStats}, each reason and cause an enum. */
final class MediaCounters {

	private final LongAdder detected = new LongAdder();

	private final LongAdder uploaded = new LongAdder();

	private final Map<MediaSkipReason, LongAdder> skipped = adders(MediaSkipReason.class);

	private final Map<MediaFailureCause, LongAdder> failed = adders(MediaFailureCause.class);

	private final Map<MediaDropReason, LongAdder> dropped = adders(MediaDropReason.class);

	void detected() {
		this.detected.increment();
	}

	void uploaded() {
		this.uploaded.increment();
	}

	long uploadedTotal() {
		return this.uploaded.sum();
	}

	void skipped(MediaSkipReason reason) {
		this.skipped.get(reason).increment();
	}

	void failed(MediaFailureCause cause) {
		this.failed.get(cause).increment();
	}

	long failedTotal() {
		return this.failed.values().stream().mapToLong(LongAdder::sum).sum();
	}

	void dropped(MediaDropReason reason) {
		this.dropped.get(reason).increment();
	}

	MediaStats snapshot(MediaSettings settings, int queueSize, long queueBytes, @Nullable String lastError) {
		return new MediaStats(true, this.detected.sum(), this.uploaded.sum(),
				counted(MediaSkipReason.class, this.skipped), counted(MediaFailureCause.class, this.failed),
				counted(MediaDropReason.class, this.dropped), queueSize, settings.maxQueueSize(), queueBytes,
				settings.maxQueueBytes(), lastError);
	}

	private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
		Map<E, LongAdder> adders = new EnumMap<>(type);
		for (E key : type.getEnumConstants()) {
			adders.put(key, new LongAdder());
		}
		return Collections.unmodifiableMap(adders);
	}

	private static <E extends Enum<E>> Map<E, Long> counted(Class<E> type, Map<E, LongAdder> adders) {
		Map<E, Long> counted = new EnumMap<>(type);
		adders.forEach((key, adder) -> {
			long sum = adder.sum();
			if (sum > 0) {
				counted.put(key, sum);
			}
		});
		return Collections.unmodifiableMap(counted);
	}

}
