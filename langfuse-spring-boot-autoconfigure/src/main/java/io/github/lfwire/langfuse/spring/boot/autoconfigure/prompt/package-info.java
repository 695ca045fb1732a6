/** Auto-configuration of Langfuse prompt management. */
@NullMarked
package io.github.lfwire.langfuse.spring.boot.autoconfigure.prompt;

import org.jspecify.annotations.NullMarked;
