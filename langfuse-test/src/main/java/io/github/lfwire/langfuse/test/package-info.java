/** Assertions that fail a test, and so a build, when a Langfuse experiment regresses. */
@NullMarked
package io.github.lfwire.langfuse.test;

import org.jspecify.annotations.NullMarked;
