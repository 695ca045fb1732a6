package io.github.lfwire.langfuse.capture;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Maps and lists that cannot change, serialized as the containers they were made from:
 * the payload maps integrations build, and the copies taken of an application's mutable
 * maps and lists so they can be serialized later with the same JSON. Each remembers the
 * type a truncation wrapper names.
 */
final class FrozenContainers {

	private FrozenContainers() {
	}

	/**
	 * The type a truncation wrapper names for a value: the type a frozen container was
	 * made from, else the value's class.
	 */
	static String typeName(Object value) {
		if (value instanceof FrozenMap<?> map) {
			return map.typeName;
		}
		if (value instanceof FrozenList list) {
			return list.typeName;
		}
		return value.getClass().getName();
	}

	/** An insertion-ordered map with text keys that cannot change, nulls allowed. */
	static final class FrozenMap<V> extends AbstractMap<String, V> {

		private final Object[] keys;

		private final @Nullable Object[] values;

		private final String typeName;

		FrozenMap(Object[] keys, @Nullable Object[] values, String typeName) {
			this.keys = keys;
			this.values = values;
			this.typeName = typeName;
		}

		@Override
		public int size() {
			return this.keys.length;
		}

		@Override
		public Set<Map.Entry<String, V>> entrySet() {
			return new AbstractSet<>() {

				@Override
				public Iterator<Map.Entry<String, V>> iterator() {
					return new Iterator<>() {

						private int next;

						@Override
						public boolean hasNext() {
							return this.next < FrozenMap.this.keys.length;
						}

						@Override
						@SuppressWarnings("unchecked")
						public Map.Entry<String, V> next() {
							if (!hasNext()) {
								throw new NoSuchElementException();
							}
							int i = this.next++;
							return new SimpleImmutableEntry<>((String) FrozenMap.this.keys[i],
									(V) FrozenMap.this.values[i]);
						}

					};
				}

				@Override
				public int size() {
					return FrozenMap.this.keys.length;
				}

			};
		}

	}

	/** A list that cannot change, nulls allowed. */
	static final class FrozenList extends AbstractList<@Nullable Object> implements RandomAccess {

		private final @Nullable Object[] elements;

		private final String typeName;

		FrozenList(@Nullable Object[] elements, String typeName) {
			this.elements = elements;
			this.typeName = typeName;
		}

		@Override
		public @Nullable Object get(int index) {
			return this.elements[index];
		}

		@Override
		public int size() {
			return this.elements.length;
		}

	}

}
