/** Prompts managed in Langfuse: fetched, cached and compiled. */
@NullMarked
package io.github.lfwire.langfuse.prompt;

import org.jspecify.annotations.NullMarked;
