/**
 * What every concern's settings share: the exception that names an invalid setting and
 * its fix, and the format of durations in messages.
 */
@NullMarked
package io.github.lfwire.langfuse.config;

import org.jspecify.annotations.NullMarked;
