/**
 * What the LLM framework integrations record alike: finish reasons.
 */
@NullMarked
package io.github.lfwire.langfuse.spring.boot.autoconfigure.llm;

import org.jspecify.annotations.NullMarked;
