/** Bounded, redacted capture of inputs and outputs as JSON. */
@NullMarked
package io.github.lfwire.langfuse.capture;

import org.jspecify.annotations.NullMarked;
