package io.github.lfwire.langfuse.benchmarks.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import io.github.lfwire.langfuse.benchmarks.report.SvgChart.Bar;
import io.github.lfwire.langfuse.benchmarks.report.SvgChart.Point;
import io.github.lfwire.langfuse.benchmarks.report.SvgChart.Series;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartTests {

	@Test
	void lineChartHasTitleAxesLegendAndOneMarkerPerDrawablePoint() throws Exception {
		String svg = SvgChart.line("A < B & \"C\"", "x", "y", true,
				List.of(new Series("first", List.of(new Point(10, 1), new Point(100, -2), new Point(0, 3))),
						new Series("second", List.of(new Point(1000, Double.NaN), new Point(1000, 4)))));
		Document document = parse(svg);
		assertThat(document.getDocumentElement().getAttribute("width")).isEqualTo("640");
		assertThat(texts(document)).contains("A < B & \"C\"", "x", "y", "first", "second", "10", "100", "1000", "-2");
		assertThat(document.getElementsByTagName("circle").getLength()).isEqualTo(3);
		assertThat(document.getElementsByTagName("polyline").getLength()).isEqualTo(2);
	}

	@Test
	void linearTicksAreRoundAndCompact() throws Exception {
		String svg = SvgChart.line("t", "threads", "per second", false,
				List.of(new Series("s", List.of(new Point(1, 1_000_000), new Point(4, 3_000_000)))));
		assertThat(texts(parse(svg))).contains("0", "1M", "2M", "3M", "1", "2", "3", "4");
	}

	@Test
	void barChartDrawsNegativeAndPositiveBarsFromZero() throws Exception {
		Document document = parse(SvgChart.bars("bars", "added (ns)",
				List.of(new Bar("slower", 300, "+300 ns"), new Bar("faster", -100, "-100 ns"))));
		assertThat(texts(document)).contains("bars", "slower", "faster", "+300 ns", "-100 ns", "0");
		assertThat(document.getElementsByTagName("rect").getLength()).isEqualTo(3);
	}

	@Test
	void emptyChartsAreStillValid() throws Exception {
		assertThat(parse(SvgChart.line("empty", "x", "y", true, List.of(new Series("none", List.of()))))
			.getDocumentElement()
			.getLocalName()).isEqualTo("svg");
		assertThat(parse(SvgChart.bars("empty", "x", List.of())).getDocumentElement().getLocalName()).isEqualTo("svg");
	}

	private static Document parse(String svg) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
	}

	private static List<String> texts(Document document) {
		NodeList nodes = document.getElementsByTagName("text");
		return IntStream.range(0, nodes.getLength()).mapToObj((i) -> nodes.item(i).getTextContent()).toList();
	}

}
