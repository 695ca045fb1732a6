/**
 * Media in captured values: the {@link io.github.lfwire.langfuse.media.LangfuseMedia}
 * type, its settings, statistics and the reasons for skips, drops and failures.
 */
@NullMarked
package io.github.lfwire.langfuse.media;

import org.jspecify.annotations.NullMarked;
