/** Ahead-of-time processing and runtime hints for native images. */
@NullMarked
package io.github.lfwire.langfuse.spring.boot.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
