/** Langfuse datasets: read, create and fill them, and link experiment traces to runs. */
@NullMarked
package io.github.lfwire.langfuse.dataset;

import org.jspecify.annotations.NullMarked;
