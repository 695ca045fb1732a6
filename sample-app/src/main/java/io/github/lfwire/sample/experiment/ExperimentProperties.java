package io.github.lfwire.sample.experiment;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample's experiment mode.
 *
 * @param dataset the Langfuse dataset to run the chat workflow over; unset, the sample
 * serves the chatbot as usual
 * @param minAverage the lowest average any evaluator may reach before the run exits with
 * status 1; unset, the run always exits 0 once done
 */
@ConfigurationProperties("sample.experiment")
public record ExperimentProperties(String dataset, Double minAverage) {
}
