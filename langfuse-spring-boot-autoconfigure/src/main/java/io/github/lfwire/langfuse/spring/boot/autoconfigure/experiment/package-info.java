/** Auto-configuration of Langfuse datasets and experiments. */
@NullMarked
package io.github.lfwire.langfuse.spring.boot.autoconfigure.experiment;

import org.jspecify.annotations.NullMarked;
