/**
 * Records Spring AI model, tool, advisor and retrieval calls as Langfuse observations.
 */
@NullMarked
package io.github.lfwire.langfuse.spring.boot.autoconfigure.springai;

import org.jspecify.annotations.NullMarked;
