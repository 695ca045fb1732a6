/** Records LangChain4j model calls as Langfuse generations. */
@NullMarked
package io.github.lfwire.langfuse.spring.boot.autoconfigure.langchain4j;

import org.jspecify.annotations.NullMarked;
