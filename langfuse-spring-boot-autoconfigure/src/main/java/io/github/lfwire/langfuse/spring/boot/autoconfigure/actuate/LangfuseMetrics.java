package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.LangfuseStats;
import io.github.lfwire.langfuse.export.ExportStats;
import io.github.lfwire.langfuse.media.MediaStats;
import io.github.lfwire.langfuse.stats.StatGroup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters for every stat each project's client describes in
 * {@link LangfuseStats#describe()} and {@link MediaStats#describe()}, named by
 * {@link StatGroup#meterName}.
 * <p>
 * Meters are read lazily, one by one, when the registry is scraped; they all read one
 * snapshot of the client's stats that is kept for {@link #SNAPSHOT_TTL}, so one scrape
 * takes one snapshot instead of one per meter.
 */
public class LangfuseMetrics implements MeterBinder {

	/**
	 * How long the meters reuse a snapshot of the stats: longer than a scrape, shorter
	 * than a scrape interval.
	 */
	static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);

	private static final ExportStats NO_EXPORT = ExportStats.none();

	/** The tag naming the project of each meter when there are further projects. */
	static final String PROJECT_TAG = "project";

	private final Snapshots snapshots;

	private final Set<String> destinations;

	private final Tags tags;

	private final List<LangfuseMetrics> projects;

	/** Creates the binder. */
	public LangfuseMetrics(LangfuseClient client) {
		this(client, Tags.empty(), List.of());
	}

	/**
	 * Creates the binder of every project; with further projects, each meter is tagged
	 * with its {@code project}, {@code default} for the default one, so that every meter
	 * of one name has the same tag keys.
	 */
	public LangfuseMetrics(LangfuseProjects projects) {
		this(projects.defaultClient(),
				(projects.clients().size() > 1) ? Tags.of(PROJECT_TAG, LangfuseProjects.DEFAULT_PROJECT) : Tags.empty(),
				projects.clients()
					.entrySet()
					.stream()
					.filter((project) -> project.getValue() != projects.defaultClient())
					.map((project) -> new LangfuseMetrics(project.getValue(), Tags.of(PROJECT_TAG, project.getKey()),
							List.of()))
					.toList());
	}

	private LangfuseMetrics(LangfuseClient client, Tags tags, List<LangfuseMetrics> projects) {
		this(client::stats, client::mediaStats, System::nanoTime, client.stats().destinations().keySet(), tags,
				projects);
	}

	LangfuseMetrics(Supplier<LangfuseStats> stats, Supplier<MediaStats> media, LongSupplier nanoClock) {
		this(stats, media, nanoClock, Set.of());
	}

	/**
	 * @param destinations the names of the span destinations beside Langfuse, fixed when
	 * the client is built
	 */
	LangfuseMetrics(Supplier<LangfuseStats> stats, Supplier<MediaStats> media, LongSupplier nanoClock,
			Set<String> destinations) {
		this(stats, media, nanoClock, destinations, Tags.empty(), List.of());
	}

	private LangfuseMetrics(Supplier<LangfuseStats> stats, Supplier<MediaStats> media, LongSupplier nanoClock,
			Set<String> destinations, Tags tags, List<LangfuseMetrics> projects) {
		this.snapshots = new Snapshots(stats, media, nanoClock);
		this.destinations = destinations;
		this.tags = tags;
		this.projects = projects;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		StatMeters.bind(registry, template(), this.snapshots, Snapshots::groups, this.tags);
		this.projects.forEach((project) -> project.bindTo(registry));
	}

	/**
	 * The groups and stats the client describes, with zero values, to name the meters.
	 */
	private List<StatGroup> template() {
		Map<String, ExportStats> destinations = new LinkedHashMap<>();
		this.destinations.forEach((name) -> destinations.put(name, NO_EXPORT));
		List<StatGroup> groups = new ArrayList<>(
				new LangfuseStats(false, null, 0, 0, 0, 0, NO_EXPORT, NO_EXPORT, destinations).describe());
		groups.add(new MediaStats(false, 0, 0, Map.of(), Map.of(), Map.of(), 0, 0, 0, 0, null).describe());
		return groups;
	}

	/**
	 * The stat groups of the client and its media, taken at most once per
	 * {@link #SNAPSHOT_TTL}.
	 */
	static final class Snapshots {

		private final Supplier<LangfuseStats> statsSource;

		private final Supplier<MediaStats> mediaSource;

		private final LongSupplier nanoClock;

		private List<StatGroup> groups;

		private long takenAt;

		Snapshots(Supplier<LangfuseStats> statsSource, Supplier<MediaStats> mediaSource, LongSupplier nanoClock) {
			this.statsSource = statsSource;
			this.mediaSource = mediaSource;
			this.nanoClock = nanoClock;
		}

		synchronized List<StatGroup> groups() {
			long now = this.nanoClock.getAsLong();
			if (this.groups == null || now - this.takenAt >= SNAPSHOT_TTL.toNanos()) {
				List<StatGroup> groups = new ArrayList<>(this.statsSource.get().describe());
				groups.add(this.mediaSource.get().describe());
				this.groups = List.copyOf(groups);
				this.takenAt = now;
			}
			return this.groups;
		}

	}

}
