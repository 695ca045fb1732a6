package io.github.lfwire.langfuse.experiment;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

import io.github.lfwire.langfuse.Score;
import org.jspecify.annotations.Nullable;

/**
 * One score an evaluator gives an item's output or a whole run, sent to Langfuse as a
 * score.
 *
 * @param name the score name
 * @param dataType the kind of value
 * @param value a {@link Double} for numeric and boolean scores, else a {@link String}
 * @param comment a comment, or {@code null}
 * @param metadata metadata, empty when none
 */
public record Evaluation(String name, Score.DataType dataType, Object value, @Nullable String comment,
		Map<String, Object> metadata) {

	public Evaluation {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(dataType, "dataType");
		Objects.requireNonNull(value, "value");
		boolean numeric = dataType == Score.DataType.NUMERIC || dataType == Score.DataType.BOOLEAN;
		if (numeric && value instanceof Number number) {
			value = number.doubleValue();
		}
		else if (numeric || !(value instanceof String)) {
			throw new IllegalArgumentException("Evaluation '" + name + "' of type " + dataType + " needs a "
					+ (numeric ? "number" : "string") + " value, got " + value.getClass().getSimpleName());
		}
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

	/** A numeric evaluation. */
	public static Evaluation numeric(String name, double value) {
		return new Evaluation(name, Score.DataType.NUMERIC, value, null, Map.of());
	}

	/** A boolean evaluation, stored as 1 or 0. */
	public static Evaluation bool(String name, boolean value) {
		return new Evaluation(name, Score.DataType.BOOLEAN, value ? 1.0 : 0.0, null, Map.of());
	}

	/** A categorical evaluation. */
	public static Evaluation categorical(String name, String value) {
		return new Evaluation(name, Score.DataType.CATEGORICAL, value, null, Map.of());
	}

	/** The same evaluation with a comment. */
	public Evaluation withComment(@Nullable String comment) {
		return new Evaluation(this.name, this.dataType, this.value, comment, this.metadata);
	}

	/** The same evaluation with metadata. */
	public Evaluation withMetadata(@Nullable Map<String, Object> metadata) {
		return new Evaluation(this.name, this.dataType, this.value, this.comment, metadata);
	}

	/** The value of a numeric or boolean evaluation, else empty. */
	public OptionalDouble number() {
		return (this.value instanceof Double number) ? OptionalDouble.of(number) : OptionalDouble.empty();
	}

	/** A score builder with this evaluation's fields, to aim at a target. */
	Score.Builder toScore() {
		Score.Builder score = switch (this.dataType) {
			case NUMERIC -> Score.numeric(this.name, (Double) this.value);
			case BOOLEAN -> Score.bool(this.name, ((Double) this.value) != 0.0);
			case CATEGORICAL -> Score.categorical(this.name, String.valueOf(this.value));
			case TEXT -> Score.text(this.name, String.valueOf(this.value));
		};
		return score.comment(this.comment).metadata(this.metadata.isEmpty() ? null : this.metadata);
	}

}
