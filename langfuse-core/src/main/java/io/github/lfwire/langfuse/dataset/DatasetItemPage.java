package io.github.lfwire.langfuse.dataset;

import java.util.List;

/**
 * One page of a dataset's active items.
 *
 * @param items the items of this page
 * @param page the page number, from 1
 * @param limit the most items per page
 * @param totalItems how many items the dataset has
 * @param totalPages how many pages there are
 */
public record DatasetItemPage(List<DatasetItem> items, int page, int limit, int totalItems, int totalPages) {

	public DatasetItemPage {
		items = List.copyOf(items);
	}

	/** Whether a page follows this one. */
	public boolean hasNext() {
		return this.page < this.totalPages;
	}

}
