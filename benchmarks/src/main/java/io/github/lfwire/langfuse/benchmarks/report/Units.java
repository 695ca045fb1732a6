package io.github.lfwire.langfuse.benchmarks.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * Converts JMH units to nanoseconds or operations per second and prints readable figures.
 */
final class Units {

	static final String DASH = "—";

	private static final Map<String, Double> NANOS_PER_UNIT = Map.of("ns", 1.0, "us", 1e3, "µs", 1e3, "ms", 1e6, "s",
			1e9, "min", 60e9, "hr", 3600e9, "day", 86400e9);

	private Units() {
	}

	/**
	 * Nanoseconds in one of the given JMH time unit ({@code us}, {@code ms}...), or NaN
	 * if unknown.
	 */
	static double nanosPer(String timeUnit) {
		return NANOS_PER_UNIT.getOrDefault(timeUnit.trim(), Double.NaN);
	}

	static TimeScale scaleFor(double nanos) {
		double magnitude = Math.abs(nanos);
		if (Double.isNaN(magnitude) || magnitude < 999.5) {
			return new TimeScale("ns", 1);
		}
		if (magnitude < 999.5e3) {
			return new TimeScale("µs", 1e3);
		}
		if (magnitude < 999.5e6) {
			return new TimeScale("ms", 1e6);
		}
		return new TimeScale("s", 1e9);
	}

	static String time(double nanos) {
		if (!Double.isFinite(nanos)) {
			return DASH;
		}
		TimeScale scale = scaleFor(nanos);
		return number(nanos / scale.divisor()) + " " + scale.unit();
	}

	static String signedTime(double nanos) {
		return (nanos > 0) ? "+" + time(nanos) : time(nanos);
	}

	static String timeWithError(double nanos, double errorNanos) {
		if (!Double.isFinite(nanos)) {
			return DASH;
		}
		TimeScale scale = scaleFor(nanos);
		double value = nanos / scale.divisor();
		return number(value) + " ± " + error(errorNanos / scale.divisor(), value) + " " + scale.unit();
	}

	static String rate(double perSecond) {
		if (!Double.isFinite(perSecond)) {
			return DASH;
		}
		return (Math.abs(perSecond) >= 100) ? String.format(Locale.ROOT, "%,.0f", perSecond) : number(perSecond);
	}

	static String rateWithError(double perSecond, double errorPerSecond) {
		if (!Double.isFinite(perSecond)) {
			return DASH;
		}
		String error = Double.isFinite(errorPerSecond) ? rate(errorPerSecond) : "n/a";
		return rate(perSecond) + " ± " + error + " ops/s";
	}

	/**
	 * Bytes per operation as JMH's {@code gc} profiler reports them, in B, KB or MB (1 KB
	 * = 1024 B).
	 */
	static String bytes(double bytes) {
		if (!Double.isFinite(bytes)) {
			return DASH;
		}
		if (Math.abs(bytes) < 1023.5) {
			return String.format(Locale.ROOT, "%.0f B", bytes);
		}
		if (Math.abs(bytes) < 1023.5 * 1024) {
			return number(bytes / 1024) + " KB";
		}
		return number(bytes / (1024 * 1024)) + " MB";
	}

	static String ratio(double ratio) {
		return Double.isFinite(ratio) ? number(ratio) + "×" : DASH;
	}

	static String percent(double percent) {
		return Double.isFinite(percent) ? number(percent) + " %" : DASH;
	}

	/** Three significant figures at most, never in scientific notation. */
	static String number(double value) {
		if (!Double.isFinite(value)) {
			return "n/a";
		}
		double magnitude = Math.abs(value);
		if (magnitude >= 99.95) {
			return String.format(Locale.ROOT, "%.0f", value);
		}
		if (magnitude >= 9.995) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		if (magnitude >= 0.9995) {
			return String.format(Locale.ROOT, "%.2f", value);
		}
		if (magnitude == 0) {
			return "0";
		}
		return new BigDecimal(value).round(new MathContext(3)).toPlainString();
	}

	/**
	 * The error with as many decimals as the mean it qualifies, or two significant
	 * figures if those show zero.
	 */
	private static String error(double error, double mean) {
		if (!Double.isFinite(error)) {
			return "n/a";
		}
		String formatted = number(mean);
		int point = formatted.indexOf('.');
		int decimals = (point < 0) ? 0 : formatted.length() - point - 1;
		BigDecimal rounded = new BigDecimal(error).setScale(decimals, RoundingMode.HALF_UP);
		if (rounded.signum() == 0 && error != 0) {
			return new BigDecimal(error).round(new MathContext(2)).toPlainString();
		}
		return rounded.toPlainString();
	}

	/** A unit to print times in, with the nanoseconds it holds. */
	record TimeScale(String unit, double divisor) {
	}

}
