package io.github.lfwire.langfuse.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.ObservationType;
import io.github.lfwire.langfuse.observe.Observe;
import reactor.core.publisher.Mono;

/**
 * The methods the benchmarks call, once through the Spring proxy that applies
 * {@code @Observe} and once on a plain instance as the untraced baseline.
 */
public class ObservedService {

	private final Executor executor;

	private ObservedService next = this;

	public ObservedService(Executor executor) {
		this.executor = executor;
	}

	/** Routes {@link #descend(int)} through the given instance, the proxy when traced. */
	void setNext(ObservedService next) {
		this.next = next;
	}

	@Observe
	public String work(String input) {
		return "echo:" + input;
	}

	@Observe(captureInput = Observe.Capture.OFF, captureOutput = Observe.Capture.OFF)
	public String workCaptureOff(String input) {
		return "echo:" + input;
	}

	@Observe(type = ObservationType.GENERATION)
	public String generate(String prompt) {
		Observation.current().model("bench-model").usage(prompt.length() / 4, 7);
		return "a short completion";
	}

	@Observe
	public Object echo(Object payload) {
		return payload;
	}

	@Observe(captureInput = Observe.Capture.OFF, captureOutput = Observe.Capture.OFF)
	public Object echoCaptureOff(Object payload) {
		return payload;
	}

	@Observe
	public long sleep(long millis) throws InterruptedException {
		TimeUnit.MILLISECONDS.sleep(millis);
		return millis;
	}

	@Observe
	public int descend(int depth) {
		return (depth <= 1) ? depth : 1 + this.next.descend(depth - 1);
	}

	@Observe
	public CompletableFuture<String> workAsync(String input) {
		return CompletableFuture.supplyAsync(() -> "echo:" + input, this.executor);
	}

	@Observe
	public Mono<String> workMono(String input) {
		return Mono.fromSupplier(() -> "echo:" + input);
	}

}
