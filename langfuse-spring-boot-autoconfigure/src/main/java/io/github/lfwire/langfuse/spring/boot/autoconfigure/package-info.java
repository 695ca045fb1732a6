/** Auto-configuration of Langfuse tracing. */
@NullMarked
package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
