/** Sending scores to Langfuse's ingestion endpoint. */
@NullMarked
package io.github.lfwire.langfuse.score;

import org.jspecify.annotations.NullMarked;
