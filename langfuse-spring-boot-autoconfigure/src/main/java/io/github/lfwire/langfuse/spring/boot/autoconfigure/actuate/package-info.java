/** Actuator endpoint, health and metrics of Langfuse tracing. */
@NullMarked
package io.github.lfwire.langfuse.spring.boot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
