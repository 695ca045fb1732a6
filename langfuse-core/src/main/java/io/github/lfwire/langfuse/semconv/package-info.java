/**
 * The names of the span attributes Langfuse reads, shared by the observations that write
 * them and the exporters that read them.
 */
@NullMarked
package io.github.lfwire.langfuse.semconv;

import org.jspecify.annotations.NullMarked;
