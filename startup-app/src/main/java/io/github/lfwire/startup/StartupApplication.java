package io.github.lfwire.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal application with one {@code @Observe} service: it starts, makes one call,
 * closes gracefully and prints one {@value #RESULT_PREFIX} line with its peak resident
 * memory and the CPU time all its threads used before it exits. Whether it is a web
 * application and whether it has the starter depends only on the classpath it is launched
 * with.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class StartupApplication {

	/** The start of the line the application prints last. */
	public static final String RESULT_PREFIX = "STARTUP-RESULT";

	private static final long CLOCK_TICKS_PER_SECOND = 100;

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(StartupApplication.class, args);
		String greeting = context.getBean(Greeter.class).greet("cold start");
		String contextType = context.getClass().getSimpleName();
		boolean traced = context.containsBean("langfuseClient");
		context.close();
		System.out.println(RESULT_PREFIX + " context=" + contextType + " traced=" + traced + " greeting="
				+ greeting.length() + " peakRssKb=" + peakRssKb() + " cpuMillis=" + cpuMillis());
	}

	private static long cpuMillis() {
		try {
			String stat = Files.readString(Path.of("/proc/self/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static long peakRssKb() {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((line) -> line.startsWith("VmHWM:"))
				.mapToLong((line) -> Long.parseLong(line.substring(6).replace("kB", "").strip()))
				.findFirst()
				.orElse(-1);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
