/**
 * The one description of the client's counters and gauges, from which the actuator
 * endpoint and the meters are derived.
 */
@NullMarked
package io.github.lfwire.langfuse.stats;

import org.jspecify.annotations.NullMarked;
