/**
 * Experiments: run a task over a dataset's items, score each result and the whole run,
 * and see the run in Langfuse.
 */
@NullMarked
package io.github.lfwire.langfuse.experiment;

import org.jspecify.annotations.NullMarked;
