package io.github.lfwire.langfuse.internal.export;

import org.junit.jupiter.api.Test;

import io.github.lfwire.langfuse.export.DropReason;

import static org.assertj.core.api.Assertions.assertThat;

class ExportBufferTest {

	@Test
	void shouldDropNewestItemWhenItemBoundIsReached() {
		ExportBuffer<String> buffer = new ExportBuffer<>(2, 1_000, 1.0);
		assertThat(buffer.offer("a", 10)).isNull();
		assertThat(buffer.offer("b", 10)).isNull();
		assertThat(buffer.offer("c", 10)).isEqualTo(DropReason.QUEUE_FULL);
		assertThat(buffer.poll(10).items()).containsExactly("a", "b");
	}

	@Test
	void shouldDropItemThatWouldExceedByteBoundAndUndoItsAccounting() {
		ExportBuffer<String> buffer = new ExportBuffer<>(10, 100, 1.0);
		assertThat(buffer.offer("a", 60)).isNull();
		assertThat(buffer.offer("b", 60)).isEqualTo(DropReason.QUEUE_BYTES_FULL);
		assertThat(buffer.size()).isEqualTo(1);
		assertThat(buffer.bytes()).isEqualTo(60);
		assertThat(buffer.offer("c", 40)).isNull();
	}

	@Test
	void shouldCountBatchInFlightAgainstBoundsUntilReleased() {
		ExportBuffer<String> buffer = new ExportBuffer<>(2, 1_000, 1.0);
		buffer.offer("a", 10);
		buffer.offer("b", 20);
		ExportBuffer.Batch<String> batch = buffer.poll(5);
		assertThat(batch.bytes()).isEqualTo(30);
		assertThat(buffer.isEmpty()).isTrue();
		assertThat(buffer.offer("c", 10)).isEqualTo(DropReason.QUEUE_FULL);
		buffer.release(batch);
		assertThat(buffer.size()).isZero();
		assertThat(buffer.bytes()).isZero();
		assertThat(buffer.offer("c", 10)).isNull();
	}

	@Test
	void shouldTakeAtMostBatchSizeInOfferOrder() {
		ExportBuffer<Integer> buffer = new ExportBuffer<>(10, 1_000, 1.0);
		for (int i = 0; i < 5; i++) {
			buffer.offer(i, 1);
		}
		assertThat(buffer.poll(3).items()).containsExactly(0, 1, 2);
		assertThat(buffer.poll(3).items()).containsExactly(3, 4);
	}

	@Test
	void shouldTellARefusalWhateverTheSizeWithoutCountingIt() {
		ExportBuffer<String> buffer = new ExportBuffer<>(2, 100, 1.0);
		assertThat(buffer.offer("a", 90)).isNull();
		assertThat(buffer.refusalWithoutSize()).as("room for an item, if not for its bytes").isNull();
		assertThat(buffer.offer("b", 5)).isNull();
		assertThat(buffer.refusalWithoutSize()).isEqualTo(DropReason.QUEUE_FULL);
		assertThat(buffer.size()).isEqualTo(2);
		assertThat(buffer.bytes()).isEqualTo(95);
		buffer.release(buffer.poll(1));
		assertThat(buffer.refusalWithoutSize()).isNull();
		buffer.close();
		assertThat(buffer.refusalWithoutSize()).isEqualTo(DropReason.SHUTDOWN);
	}

	@Test
	void shouldRefuseItemsOnceClosed() {
		ExportBuffer<String> buffer = new ExportBuffer<>(10, 1_000, 1.0);
		buffer.close();
		assertThat(buffer.offer("a", 1)).isEqualTo(DropReason.SHUTDOWN);
		assertThat(buffer.size()).isZero();
	}

	@Test
	void shouldBeBelowTheHighWaterMarkOnlyUnderBothItsItemAndByteShare() {
		ExportBuffer<String> buffer = new ExportBuffer<>(10, 1_000, 0.8);
		for (int i = 0; i < 7; i++) {
			buffer.offer("item", 10);
		}
		assertThat(buffer.belowMark()).isTrue();
		buffer.offer("eighth", 10);
		assertThat(buffer.belowMark()).as("8 of 10 items is at the mark").isFalse();
		assertThat(buffer.offer("ninth, in the room kept above the mark", 10)).isNull();
		buffer.release(buffer.poll(9));
		assertThat(buffer.belowMark()).isTrue();
		buffer.offer("big", 800);
		assertThat(buffer.belowMark()).as("800 of 1000 bytes is at the mark").isFalse();
	}

}
