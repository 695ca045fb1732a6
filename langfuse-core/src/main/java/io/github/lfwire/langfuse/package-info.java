/** The Langfuse client, its settings and observations, usable without Spring. */
@NullMarked
package io.github.lfwire.langfuse;

import org.jspecify.annotations.NullMarked;
