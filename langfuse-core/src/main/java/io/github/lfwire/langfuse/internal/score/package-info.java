/**
 * The score pipeline, wiring of the client that users never call: it sends scores to
 * Langfuse's ingestion endpoint.
 */
@NullMarked
package io.github.lfwire.langfuse.internal.score;

import org.jspecify.annotations.NullMarked;
