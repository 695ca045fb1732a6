/** Auto-configuration of {@code @Observe} and of context propagation. */
@NullMarked
package io.github.lfwire.langfuse.spring.boot.autoconfigure.observe;

import org.jspecify.annotations.NullMarked;
