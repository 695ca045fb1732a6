/**
 * The settings and statistics of span and score export, with the reasons for drops and
 * failures.
 */
@NullMarked
package io.github.lfwire.langfuse.export;

import org.jspecify.annotations.NullMarked;
