/** {@code @Observe} and its framework-neutral interceptor. */
@NullMarked
package io.github.lfwire.langfuse.observe;

import org.jspecify.annotations.NullMarked;
