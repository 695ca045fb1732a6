package io.github.lfwire.langfuse;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes a map of text keys to texts, whole numbers, finite decimals, booleans and nulls
 * as the client's own mapper writes it, without a generator: model parameters and usage
 * are such maps, written once or twice for every generation.
 */
final class FlatJson {

	private FlatJson() {
	}

	/**
	 * The map's JSON, or {@code null} when a key or value is of another kind or a text
	 * holds a character that the mapper escapes or that is not ASCII.
	 */
	static @Nullable String write(Map<String, ?> map) {
		StringBuilder json = new StringBuilder(16 + map.size() * 24);
		json.append('{');
		for (Map.Entry<String, ?> entry : map.entrySet()) {
			if (json.length() > 1) {
				json.append(',');
			}
			if (!appendText(json, entry.getKey()) || !appendValue(json.append(':'), entry.getValue())) {
				return null;
			}
		}
		return json.append('}').toString();
	}

	private static boolean appendValue(StringBuilder json, @Nullable Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof String text) {
			return appendText(json, text);
		}
		else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
				|| value instanceof Boolean) {
			json.append(value);
		}
		else if (value instanceof Double number && Double.isFinite(number)) {
			json.append(number.doubleValue());
		}
		else if (value instanceof Float number && Float.isFinite(number)) {
			json.append(number.floatValue());
		}
		else {
			return false;
		}
		return true;
	}

	private static boolean appendText(StringBuilder json, @Nullable String text) {
		if (text == null) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
				return false;
			}
		}
		json.append('"').append(text).append('"');
		return true;
	}

}
