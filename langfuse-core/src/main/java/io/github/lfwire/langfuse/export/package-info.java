/** The export pipeline that sends spans to Langfuse over OTLP. */
@NullMarked
package io.github.lfwire.langfuse.export;

import org.jspecify.annotations.NullMarked;
