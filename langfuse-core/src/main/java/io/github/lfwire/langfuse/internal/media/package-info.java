/**
 * The media pipeline, wiring of the client that users never call: it finds media in
 * captured values, replaces them by references and uploads them in the background.
 */
@NullMarked
package io.github.lfwire.langfuse.internal.media;

import org.jspecify.annotations.NullMarked;
