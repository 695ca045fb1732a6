package io.github.lfwire.langfuse;

/**
 * The value of a {@link Score}: a number for numeric and boolean scores, a text for
 * categorical and text ones.
 */
public sealed interface ScoreValue permits ScoreValue.Number, ScoreValue.Text {

	/**
	 * A numeric value; a boolean score holds 1 or 0.
	 *
	 * @param value the number
	 */
	record Number(double value) implements ScoreValue {

		@Override
		public String toString() {
			return Double.toString(this.value);
		}

	}

	/**
	 * A text value: a category or a free text.
	 *
	 * @param value the text
	 */
	record Text(String value) implements ScoreValue {

		@Override
		public String toString() {
			return this.value;
		}

	}

}
