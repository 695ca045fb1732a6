package io.github.lfwire.langfuse.benchmarks.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line and horizontal bar charts written as standalone SVG text.
 */
final class SvgChart {

	private static final String[] COLOURS = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd" };

	private static final int WIDTH = 640;

	private static final int LINE_HEIGHT = 400;

	private static final int LEFT = 80;

	private static final int RIGHT = 24;

	private static final int TOP = 64;

	private static final int BOTTOM = 56;

	private static final int BAR_LABELS = 180;

	private static final int BAR_PITCH = 30;

	private SvgChart() {
	}

	/**
	 * A line chart of one or more series sharing a numeric x axis, optionally
	 * logarithmic.
	 */
	static String line(String title, String xTitle, String yTitle, boolean logX, List<Series> series) {
		List<Point> points = series.stream()
			.flatMap((s) -> s.points().stream())
			.filter((p) -> p.isDrawable(logX))
			.toList();
		Scale x = logX ? Scale.log(points.stream().mapToDouble(Point::x).toArray(), LEFT, WIDTH - RIGHT)
				: Scale.linear(points.stream().mapToDouble(Point::x).toArray(), LEFT, WIDTH - RIGHT);
		Scale y = Scale.linear(points.stream().mapToDouble(Point::y).toArray(), LINE_HEIGHT - BOTTOM, TOP);
		StringBuilder svg = open(LINE_HEIGHT, title);
		xAxis(svg, x, LINE_HEIGHT - BOTTOM, TOP, xTitle);
		yAxis(svg, y, yTitle);
		for (int i = 0; i < series.size(); i++) {
			plot(svg, series.get(i), x, y, logX, COLOURS[i % COLOURS.length], i % 2 == 1);
			legend(svg, i, series.get(i).name());
		}
		return close(svg);
	}

	/** A horizontal bar chart, bars starting at zero so negative values point left. */
	static String bars(String title, String valueTitle, List<Bar> bars) {
		int height = TOP + BOTTOM + BAR_PITCH * Math.max(1, bars.size());
		int axisY = height - BOTTOM;
		Scale x = Scale.linear(bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).toArray(), BAR_LABELS,
				WIDTH - RIGHT - 60);
		StringBuilder svg = open(height, title);
		xAxis(svg, x, axisY, TOP - 8, valueTitle);
		for (int i = 0; i < bars.size(); i++) {
			bar(svg, bars.get(i), x, TOP + i * BAR_PITCH);
		}
		return close(svg);
	}

	private static StringBuilder open(int height, String title) {
		StringBuilder svg = new StringBuilder();
		svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "font-family=\"sans-serif\" font-size=\"12\">%n",
				WIDTH, height, WIDTH, height));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
		text(svg, WIDTH / 2.0, 22, "middle", "font-size=\"15\" font-weight=\"bold\"", title);
		return svg;
	}

	private static String close(StringBuilder svg) {
		return svg.append("</svg>\n").toString();
	}

	private static void xAxis(StringBuilder svg, Scale x, double axisY, double gridTop, String title) {
		lineElement(svg, x.from(), axisY, x.to(), axisY, "#333");
		for (Tick tick : x.ticks()) {
			double px = x.map(tick.value());
			lineElement(svg, px, gridTop, px, axisY, "#e5e5e5");
			lineElement(svg, px, axisY, px, axisY + 5, "#333");
			text(svg, px, axisY + 18, "middle", "", tick.label());
		}
		text(svg, (x.from() + x.to()) / 2, axisY + 40, "middle", "", title);
	}

	private static void yAxis(StringBuilder svg, Scale y, String title) {
		lineElement(svg, LEFT, y.from(), LEFT, y.to(), "#333");
		for (Tick tick : y.ticks()) {
			double py = y.map(tick.value());
			lineElement(svg, LEFT, py, WIDTH - RIGHT, py, "#e5e5e5");
			lineElement(svg, LEFT - 5, py, LEFT, py, "#333");
			text(svg, LEFT - 8, py + 4, "end", "", tick.label());
		}
		double middle = (y.from() + y.to()) / 2;
		text(svg, 18, middle, "middle", String.format(Locale.ROOT, "transform=\"rotate(-90 18 %.1f)\"", middle), title);
	}

	private static void plot(StringBuilder svg, Series series, Scale x, Scale y, boolean logX, String colour,
			boolean dashed) {
		List<String> coordinates = new ArrayList<>();
		for (Point point : series.points()) {
			if (point.isDrawable(logX)) {
				coordinates.add(String.format(Locale.ROOT, "%.1f,%.1f", x.map(point.x()), y.map(point.y())));
			}
		}
		String dash = dashed ? " stroke-dasharray=\"6 4\"" : "";
		svg.append(String.format(Locale.ROOT,
				"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n", colour, dash,
				String.join(" ", coordinates)));
		for (String coordinate : coordinates) {
			String[] xy = coordinate.split(",");
			svg.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%s\"/>%n", xy[0], xy[1],
					colour));
		}
	}

	private static void legend(StringBuilder svg, int index, String name) {
		double left = LEFT + index * 200;
		svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"36\" width=\"14\" height=\"4\" fill=\"%s\"/>%n",
				(int) left, COLOURS[index % COLOURS.length]));
		text(svg, left + 20, 42, "start", "", name);
	}

	private static void bar(StringBuilder svg, Bar bar, Scale x, double top) {
		double zero = x.map(0);
		double end = Double.isFinite(bar.value()) ? x.map(bar.value()) : zero;
		svg.append(
				String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
						Math.min(zero, end), top + 4, Math.abs(end - zero), BAR_PITCH - 8, COLOURS[0]));
		double middle = top + BAR_PITCH / 2.0 + 4;
		text(svg, BAR_LABELS - 8, middle, "end", "", bar.label());
		text(svg, Math.max(zero, end) + 6, middle, "start", "", bar.valueLabel());
	}

	private static void lineElement(StringBuilder svg, double x1, double y1, double x2, double y2, String colour) {
		svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
				x1, y1, x2, y2, colour));
	}

	private static void text(StringBuilder svg, double x, double y, String anchor, String attributes, String text) {
		svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n", x, y,
				anchor, attributes.isEmpty() ? "" : " " + attributes, escape(text)));
	}

	static String escape(String text) {
		return text.replace("&", "&amp;")
			.replace("<", "&lt;")
			.replace(">", "&gt;")
			.replace("\"", "&quot;")
			.replace("'", "&apos;");
	}

	/**
	 * A data point; points that cannot be drawn (NaN, or x not positive on a log axis)
	 * are skipped.
	 *
	 * @param x horizontal value
	 * @param y vertical value
	 */
	record Point(double x, double y) {

		boolean isDrawable(boolean logX) {
			return Double.isFinite(this.x) && Double.isFinite(this.y) && (!logX || this.x > 0);
		}

	}

	/**
	 * A named line of points.
	 *
	 * @param name legend text
	 * @param points points in drawing order
	 */
	record Series(String name, List<Point> points) {
	}

	/**
	 * One bar.
	 *
	 * @param label text left of the bar
	 * @param value length of the bar
	 * @param valueLabel text at the end of the bar
	 */
	record Bar(String label, double value, String valueLabel) {
	}

	private record Tick(double value, String label) {
	}

	private record Scale(double min, double max, boolean log, double from, double to, List<Tick> ticks) {

		static Scale linear(double[] values, double from, double to) {
			double min = 0;
			double max = 0;
			for (double value : values) {
				min = Math.min(min, value);
				max = Math.max(max, value);
			}
			if (max == min) {
				max = min + 1;
			}
			BigDecimal step = niceStep((max - min) / 5);
			BigDecimal low = step.multiply(BigDecimal.valueOf(Math.floor(min / step.doubleValue())));
			BigDecimal high = step.multiply(BigDecimal.valueOf(Math.ceil(max / step.doubleValue())));
			List<Tick> ticks = new ArrayList<>();
			for (BigDecimal tick = low; tick.compareTo(high) <= 0; tick = tick.add(step)) {
				ticks.add(new Tick(tick.doubleValue(), label(tick)));
			}
			return new Scale(low.doubleValue(), high.doubleValue(), false, from, to, ticks);
		}

		static Scale log(double[] values, double from, double to) {
			double min = Double.POSITIVE_INFINITY;
			double max = Double.NEGATIVE_INFINITY;
			for (double value : values) {
				min = Math.min(min, value);
				max = Math.max(max, value);
			}
			int low = (values.length > 0) ? (int) Math.floor(Math.log10(min)) : 0;
			int high = (values.length > 0) ? (int) Math.ceil(Math.log10(max)) : 1;
			high = Math.max(high, low + 1);
			List<Tick> ticks = new ArrayList<>();
			for (int exponent = low; exponent <= high; exponent++) {
				ticks.add(new Tick(Math.pow(10, exponent), label(BigDecimal.ONE.scaleByPowerOfTen(exponent))));
			}
			return new Scale(low, high, true, from, to, ticks);
		}

		private static BigDecimal niceStep(double rough) {
			int exponent = (int) Math.floor(Math.log10(rough));
			double fraction = rough / Math.pow(10, exponent);
			int nice = (fraction <= 1) ? 1 : (fraction <= 2) ? 2 : (fraction <= 5) ? 5 : 10;
			return BigDecimal.valueOf(nice).scaleByPowerOfTen(exponent);
		}

		private static String label(BigDecimal value) {
			BigDecimal magnitude = value.abs();
			if (magnitude.compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
				return plain(value.movePointLeft(6)) + "M";
			}
			if (magnitude.compareTo(BigDecimal.valueOf(10_000)) >= 0) {
				return plain(value.movePointLeft(3)) + "k";
			}
			return plain(value);
		}

		private static String plain(BigDecimal value) {
			return (value.signum() == 0) ? "0" : value.stripTrailingZeros().toPlainString();
		}

		double map(double value) {
			double position = this.log ? Math.log10(value) : value;
			return this.from + (position - this.min) / (this.max - this.min) * (this.to - this.from);
		}

	}

}
