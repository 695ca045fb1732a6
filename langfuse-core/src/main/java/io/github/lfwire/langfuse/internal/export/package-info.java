/**
 * The export pipelines, wiring of the client that users never call: bounded queues,
 * batching, retries and the senders to Langfuse, the console and added span exporters.
 */
@NullMarked
package io.github.lfwire.langfuse.internal.export;

import org.jspecify.annotations.NullMarked;
