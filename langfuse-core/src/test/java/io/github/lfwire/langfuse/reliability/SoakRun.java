package io.github.lfwire.langfuse.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.testing.FakeLangfuseServer;

/**
 * A soak run, started by hand: producer threads trace nested calls against the fake
 * server for some minutes, the server goes down for a minute in the middle, and heap and
 * queue are reported every five seconds.
 * <p>
 * {@code mvn -q -pl langfuse-core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.lfwire.langfuse.reliability.SoakRun -Dexec.args="300 4"}
 * (seconds, threads).
 */
public final class SoakRun {

	private SoakRun() {
	}

	public static void main(String[] args) throws Exception {
		long seconds = (args.length > 0) ? Long.parseLong(args[0]) : 300;
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : 4;
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		try (FakeLangfuseServer server = FakeLangfuseServer.start()) {
			LangfuseClient client = LangfuseClient
				.create(server.clientConfig().flushInterval(Duration.ofSeconds(1)).build());
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			Map<String, Object> input = Map.of("question", "what is langfuse?", "history", "x".repeat(2000));
			for (int t = 0; t < threads; t++) {
				pool.submit(() -> {
					while (running.get()) {
						try (Observation root = client.span("request")) {
							root.input(input);
							try (Observation child = client.generation("answer")) {
								child.model("fake").usage(100, 20).output("answer");
							}
						}
						Thread.sleep(1);
					}
					return null;
				});
			}
			long start = System.nanoTime();
			long outageStart = seconds / 2 - 30;
			boolean down = false;
			System.out.println("second,heapUsedMB,queueSpans,queueBytes,started,exported,dropped,serverSpans");
			while (System.nanoTime() - start < Duration.ofSeconds(seconds).toNanos()) {
				Thread.sleep(5_000);
				long elapsed = Duration.ofNanos(System.nanoTime() - start).toSeconds();
				if (!down && elapsed >= outageStart && elapsed < outageStart + 60) {
					server.stop();
					down = true;
				}
				else if (down && elapsed >= outageStart + 60) {
					server.restart();
					down = false;
				}
				LangfuseStats stats = client.stats();
				System.out.printf("%d,%d,%d,%d,%d,%d,%d,%d%n", elapsed, memory.getHeapMemoryUsage().getUsed() >> 20,
						stats.spans().queueSize(), stats.spans().queueBytes(), stats.observationsStarted(),
						stats.spans().exported(), stats.spans().droppedTotal(), server.spans().size());
				if (server.spans().size() > 2_000_000) {
					server.reset();
				}
			}
			running.set(false);
			pool.shutdown();
			if (down) {
				server.restart();
			}
			System.out.println("shutdown: " + client.shutdown(Duration.ofSeconds(30)));
			LangfuseStats stats = client.stats();
			System.out.printf("final: started=%d exported=%d dropped=%s sampledOut=%d balanced=%b%n",
					stats.observationsStarted(), stats.spans().exported(), stats.spans().dropped(),
					stats.observationsSampledOut(), stats.observationsStarted() == stats.spans().exported()
							+ stats.spans().droppedTotal() + stats.observationsSampledOut());
		}
	}

}
