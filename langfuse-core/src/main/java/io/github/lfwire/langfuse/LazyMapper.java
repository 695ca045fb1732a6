package io.github.lfwire.langfuse;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The plain mapper of the client's own JSON, created on first use. */
final class LazyMapper implements Supplier<ObjectMapper> {

	private volatile @Nullable ObjectMapper mapper;

	@Override
	public ObjectMapper get() {
		ObjectMapper mapper = this.mapper;
		if (mapper == null) {
			synchronized (this) {
				mapper = this.mapper;
				if (mapper == null) {
					mapper = JsonMapper.builder().build();
					this.mapper = mapper;
				}
			}
		}
		return mapper;
	}

}
