package dev.operator.dli.service;

import dev.operator.dli.client.DliException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A DLI list read as steps, one request per page of {@value #PAGE_SIZE}: every item, then what they
 * lead to, or the answer a failed page makes.
 */
final class PagedList {
  static final int PAGE_SIZE = 100;

  /**
   * One page as DLI answered it.
   *
   * @param total how many items the whole list holds, or null when DLI did not say
   */
  record Page<T>(List<T> items, Long total) {}

  private PagedList() {}

  /**
   * @param page reads the page that starts at this 0-based offset (one request)
   * @param then what the items of all pages lead to
   * @param failed the answer when a page cannot be read
   */
  static <T, A> Step<A> read(
      IntFunction<Page<T>> page,
      Function<List<T>, Step<A>> then,
      Function<DliException, A> failed) {
    return from(0, new ArrayList<>(), page, then, failed);
  }

  private static <T, A> Step<A> from(
      int offset,
      List<T> seen,
      IntFunction<Page<T>> page,
      Function<List<T>, Step<A>> then,
      Function<DliException, A> failed) {
    return Step.request(
        () -> {
          Page<T> read;
          try {
            read = page.apply(offset);
          } catch (DliException e) {
            return Step.done(failed.apply(e));
          }
          seen.addAll(read.items());
          long total = read.total() == null ? seen.size() : read.total();
          return read.items().isEmpty() || seen.size() >= total
              ? then.apply(seen)
              : from(seen.size(), seen, page, then, failed);
        });
  }
}
