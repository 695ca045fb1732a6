/** Media found in captured values, replaced by references and uploaded. */
@NullMarked
package io.github.lfwire.langfuse.media;

import org.jspecify.annotations.NullMarked;
