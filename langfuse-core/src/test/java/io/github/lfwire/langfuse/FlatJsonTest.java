package io.github.lfwire.langfuse;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FlatJsonTest {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void shouldWriteModelParametersAndUsageAsTheClientsMapperDoes() {
		Random random = new Random(11);
		int written = 0;
		for (int i = 0; i < 2_000; i++) {
			Map<String, Object> map = new LinkedHashMap<>();
			int entries = random.nextInt(6);
			for (int e = 0; e < entries; e++) {
				map.put(text(random), value(random));
			}
			String flat = FlatJson.write(map);
			if (flat != null) {
				assertThat(flat).as("%s", map).isEqualTo(this.mapper.writeValueAsString(map));
				written++;
			}
		}
		assertThat(written).isGreaterThan(500);
	}

	@Test
	void shouldLeaveOtherValuesAndEscapedTextToTheMapper() {
		assertThat(FlatJson.write(Map.of("stop", List.of("\n")))).isNull();
		assertThat(FlatJson.write(Map.of("price", new BigDecimal("1.10")))).isNull();
		assertThat(FlatJson.write(Map.of("temperature", Double.NaN))).isNull();
		assertThat(FlatJson.write(Map.of("stop", "end\"quote"))).isNull();
		assertThat(FlatJson.write(Map.of("caf\u00e9", 1))).isNull();
		assertThat(FlatJson.write(Map.of("input", 12L))).isEqualTo("{\"input\":12}");
	}

	private static Object value(Random random) {
		return switch (random.nextInt(9)) {
			case 0 -> random.nextLong();
			case 1 -> random.nextInt(100_000);
			case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
			case 3 -> (float) (random.nextGaussian() * 1000);
			case 4 -> random.nextBoolean();
			case 5 -> (short) random.nextInt(1000);
			case 6 -> random.nextInt(20) == 0 ? Double.POSITIVE_INFINITY : 0.1 * random.nextInt(20);
			case 7 -> (random.nextInt(10) == 0) ? null : text(random);
			default -> text(random);
		};
	}

	private static String text(Random random) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(12);
		for (int i = 0; i < length; i++) {
			int pick = random.nextInt(40);
			text.append((pick == 0) ? '"'
					: (pick == 1) ? '\u00e9' : (pick == 2) ? '\t' : (char) (0x20 + random.nextInt(0x5F)));
		}
		return text.toString();
	}

}
