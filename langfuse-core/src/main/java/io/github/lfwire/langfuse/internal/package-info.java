/**
 * Helpers shared by the packages of the core (HTTP transport, duration text); not an API,
 * may change in any release.
 */
@NullMarked
package io.github.lfwire.langfuse.internal;

import org.jspecify.annotations.NullMarked;
