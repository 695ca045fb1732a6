package io.github.lfwire.langfuse.benchmarks.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorting, lookup and baseline matching over JMH rows.
 */
final class Rows {

	private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

	private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMG]?)I?B", Pattern.CASE_INSENSITIVE);

	private static final Comparator<String> PARAM_VALUES = Rows::compareValues;

	private Rows() {
	}

	/**
	 * Rows by parameters, then in the order given by the method names, then unknown
	 * methods by name.
	 */
	static Comparator<JmhRow> order(List<String> methods) {
		Comparator<JmhRow> byKnownMethod = Comparator.comparingInt((row) -> {
			int index = methods.indexOf(row.method());
			return (index < 0) ? methods.size() : index;
		});
		Comparator<JmhRow> byParams = (a, b) -> compareParams(a.params(), b.params());
		return byParams.thenComparing(byKnownMethod)
			.thenComparing(JmhRow::method)
			.thenComparing(JmhRow::mode)
			.thenComparingInt(JmhRow::threads);
	}

	static List<String> values(List<JmhRow> rows, String param) {
		TreeSet<String> values = new TreeSet<>(PARAM_VALUES.thenComparing(Comparator.naturalOrder()));
		rows.stream().map((row) -> row.params().get(param)).filter(Objects::nonNull).forEach(values::add);
		return new ArrayList<>(values);
	}

	static JmhRow find(List<JmhRow> rows, String method, String param, String value) {
		return rows.stream()
			.filter((row) -> row.method().equals(method) && value.equals(row.params().get(param)))
			.findFirst()
			.orElse(null);
	}

	static JmhRow find(List<JmhRow> rows, String method) {
		return rows.stream().filter((row) -> row.method().equals(method)).findFirst().orElse(null);
	}

	/**
	 * The baseline of a row: the method the rule names, in the same class, with the same
	 * parameters or a subset of them, preferring the same mode.
	 */
	static JmhRow baseline(JmhRow row, List<JmhRow> candidates, UnaryOperator<String> rule) {
		String method = rule.apply(row.method());
		if (method == null || method.equals(row.method()) || !row.isTime()) {
			return null;
		}
		return candidates.stream()
			.filter((c) -> c.className().equals(row.className()) && c.method().equals(method) && c.isTime())
			.filter((c) -> row.params().entrySet().containsAll(c.params().entrySet()))
			.min(Comparator.comparingInt((JmhRow c) -> c.params().equals(row.params()) ? 0 : 1)
				.thenComparingInt((c) -> c.mode().equals(row.mode()) ? 0 : 1)
				.thenComparingInt((c) -> (c.threads() == row.threads()) ? 0 : 1))
			.orElse(null);
	}

	/** Median difference in nanoseconds, NaN if either row is missing. */
	static double added(JmhRow row, JmhRow baseline) {
		return (row != null && baseline != null) ? row.p50Nanos() - baseline.p50Nanos() : Double.NaN;
	}

	static double ratio(JmhRow row, JmhRow baseline) {
		return (row != null && baseline != null) ? row.p50Nanos() / baseline.p50Nanos() : Double.NaN;
	}

	/**
	 * Each fork's median of the row over that of the baseline's fork of the same round,
	 * in round order; empty unless both rows have the same number of forks, more than
	 * one.
	 */
	static List<Double> roundRatios(JmhRow row, JmhRow baseline) {
		if (row == null || baseline == null) {
			return List.of();
		}
		List<Double> forks = row.forkMedianNanos();
		List<Double> base = baseline.forkMedianNanos();
		if (forks.size() < 2 || forks.size() != base.size()) {
			return List.of();
		}
		List<Double> ratios = new ArrayList<>(forks.size());
		for (int round = 0; round < forks.size(); round++) {
			ratios.add(forks.get(round) / base.get(round));
		}
		return ratios;
	}

	/**
	 * The low and high ends of {@link #ratio} with each row's relative error of its mean
	 * applied to its p50 in the pessimistic and optimistic direction; NaN ends when an
	 * error is unknown.
	 */
	static double[] ratioInterval(JmhRow row, JmhRow baseline) {
		double ratio = ratio(row, baseline);
		double rowError = row.errorNanos() / row.meanNanos();
		double baselineError = baseline.errorNanos() / baseline.meanNanos();
		if (!Double.isFinite(rowError) || !Double.isFinite(baselineError)) {
			return new double[] { Double.NaN, Double.NaN };
		}
		double high = (baselineError < 1) ? ratio * (1 + rowError) / (1 - baselineError) : Double.POSITIVE_INFINITY;
		return new double[] { ratio * Math.max(0, 1 - rowError) / (1 + baselineError), high };
	}

	/**
	 * The low and high ends of {@link #added}: the difference ± the combined error of the
	 * two means; NaN ends when an error is unknown.
	 */
	static double[] addedInterval(JmhRow row, JmhRow baseline) {
		double added = added(row, baseline);
		double error = combinedError(row, baseline);
		return new double[] { added - error, added + error };
	}

	/** Combined confidence half-width of two rows' means, NaN when either is unknown. */
	static double combinedError(JmhRow row, JmhRow baseline) {
		return Math.hypot(row.errorNanos(), baseline.errorNanos());
	}

	/**
	 * Bytes in a size such as {@code 512B}, {@code 32KB} or {@code 5MB} (1 KB = 1024 B).
	 */
	static OptionalDouble bytes(String size) {
		Matcher matcher = SIZE.matcher(size.trim());
		if (!matcher.matches()) {
			return OptionalDouble.empty();
		}
		int power = " KMG".indexOf(matcher.group(2).isEmpty() ? " " : matcher.group(2).toUpperCase(Locale.ROOT));
		return OptionalDouble.of(Double.parseDouble(matcher.group(1)) * Math.pow(1024, power));
	}

	static OptionalDouble numeric(String value) {
		String trimmed = value.trim();
		if (NUMBER.matcher(trimmed).matches()) {
			return OptionalDouble.of(Double.parseDouble(trimmed));
		}
		return bytes(trimmed);
	}

	private static int compareParams(Map<String, String> a, Map<String, String> b) {
		TreeSet<String> names = new TreeSet<>(a.keySet());
		names.addAll(b.keySet());
		for (String name : names) {
			int result = Comparator.nullsFirst(PARAM_VALUES).compare(a.get(name), b.get(name));
			if (result != 0) {
				return result;
			}
		}
		return 0;
	}

	private static int compareValues(String a, String b) {
		OptionalDouble x = numeric(a);
		OptionalDouble y = numeric(b);
		if (x.isPresent() && y.isPresent()) {
			return Double.compare(x.getAsDouble(), y.getAsDouble());
		}
		return a.compareTo(b);
	}

}
