package io.github.lfwire.langfuse.benchmarks.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsTests {

	@Test
	void timesArePrintedInTheLargestReadableUnit() {
		assertThat(Units.time(12.345)).isEqualTo("12.3 ns");
		assertThat(Units.time(999.4)).isEqualTo("999 ns");
		assertThat(Units.time(999.6)).isEqualTo("1.00 µs");
		assertThat(Units.time(1_500_000)).isEqualTo("1.50 ms");
		assertThat(Units.time(2.5e9)).isEqualTo("2.50 s");
		assertThat(Units.signedTime(-150)).isEqualTo("-150 ns");
		assertThat(Units.time(Double.NaN)).isEqualTo("—");
	}

	@Test
	void errorsUseTheMeansDecimals() {
		assertThat(Units.timeWithError(1210, 110)).isEqualTo("1.21 ± 0.11 µs");
		assertThat(Units.timeWithError(1e9, 50_000)).isEqualTo("1.00 ± 0.000050 s");
		assertThat(Units.timeWithError(100, Double.NaN)).isEqualTo("100 ± n/a ns");
	}

	@Test
	void jmhUnitsConvertToNanoseconds() {
		assertThat(Units.nanosPer("us")).isEqualTo(1e3);
		assertThat(Units.nanosPer("ms")).isEqualTo(1e6);
		assertThat(Units.nanosPer("s")).isEqualTo(1e9);
		assertThat(Units.nanosPer("fortnight")).isNaN();
	}

	@Test
	void ratesAndRatiosAreReadable() {
		assertThat(Units.rate(1_234_567.8)).isEqualTo("1,234,568");
		assertThat(Units.rate(3)).isEqualTo("3.00");
		assertThat(Units.ratio(11)).isEqualTo("11.0×");
		assertThat(Units.percent(0.00299)).isEqualTo("0.00299 %");
	}

	@Test
	void payloadSizesParseWithBinaryMultiples() {
		assertThat(Rows.bytes("512B")).hasValue(512);
		assertThat(Rows.bytes("32KB")).hasValue(32 * 1024);
		assertThat(Rows.bytes("5MB")).hasValue(5 * 1024 * 1024);
		assertThat(Rows.bytes("large")).isEmpty();
	}

}
