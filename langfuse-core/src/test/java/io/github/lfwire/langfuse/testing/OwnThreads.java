package io.github.lfwire.langfuse.testing;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The threads a test started itself: code run through {@link #call(Callable)} (or, when
 * registered with {@code @RegisterExtension}, every test method) runs on a thread of a
 * thread group of its own, so every thread it starts, and every thread those start, is in
 * that group, while threads other tests left in the JVM are not.
 */
public final class OwnThreads implements InvocationInterceptor {

	private static final AtomicInteger GROUPS = new AtomicInteger();

	private final ThreadGroup group = new ThreadGroup("own-threads-" + GROUPS.incrementAndGet());

	private final Set<Thread> runners = ConcurrentHashMap.newKeySet();

	/** Runs the action on a new thread of this group and returns what it returned. */
	public <T> T call(Callable<T> action) throws Exception {
		AtomicReference<T> result = new AtomicReference<>();
		Throwable thrown = runInGroup(() -> result.set(action.call()));
		if (thrown instanceof Exception exception) {
			throw exception;
		}
		if (thrown instanceof Error error) {
			throw error;
		}
		if (thrown != null) {
			throw new IllegalStateException(thrown);
		}
		return result.get();
	}

	private Throwable runInGroup(ThrowingAction action) throws InterruptedException {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread runner = new Thread(this.group, () -> {
			try {
				action.run();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		}, this.group.getName() + "-runner");
		this.runners.add(runner);
		try {
			runner.start();
			runner.join();
		}
		finally {
			this.runners.remove(runner);
		}
		return failure.get();
	}

	/** Runs the action on a new thread of this group. */
	public void run(ThrowingRunnable action) throws Exception {
		call(() -> {
			action.run();
			return null;
		});
	}

	/**
	 * The names of the live threads started by code this instance ran, not counting the
	 * threads that run that code.
	 */
	public Set<String> started() {
		Thread[] threads = new Thread[this.group.activeCount() + 16];
		int count = this.group.enumerate(threads, true);
		return Arrays.stream(threads, 0, count)
			.filter(Objects::nonNull)
			.filter((thread) -> !this.runners.contains(thread))
			.map(Thread::getName)
			.collect(Collectors.toSet());
	}

	/**
	 * Whether the thread was started by code this instance ran (or runs that code), so
	 * that what it does, such as a log record it publishes, belongs to the test.
	 */
	public boolean includes(Thread thread) {
		for (ThreadGroup group = thread.getThreadGroup(); group != null; group = group.getParent()) {
			if (group == this.group) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
			ExtensionContext extensionContext) throws Throwable {
		Throwable thrown = runInGroup(invocation::proceed);
		if (thrown != null) {
			throw thrown;
		}
	}

	/** An action that may throw. */
	@FunctionalInterface
	public interface ThrowingRunnable {

		void run() throws Exception;

	}

	private interface ThrowingAction {

		void run() throws Throwable;

	}

}
