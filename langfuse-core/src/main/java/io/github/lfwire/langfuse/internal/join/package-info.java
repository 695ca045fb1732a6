/**
 * The application's own spans in join mode: which travel to Langfuse beside its
 * observations, with the ancestors of every kept span; not an API, may change in any
 * release.
 */
@NullMarked
package io.github.lfwire.langfuse.internal.join;

import org.jspecify.annotations.NullMarked;
