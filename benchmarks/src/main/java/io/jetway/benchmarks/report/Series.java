package io.jetway.benchmarks.report;

import java.util.SortedMap;

/**
 * A measurement as a function of state size, e.g. snapshot duration by key count; a size without a value
 * carries the reason instead.
 *
 * @param byKeys      per key count, the statistics over runs
 * @param notMeasured per key count without a value, why
 */
public record Series(String name, String unit, SortedMap<Long, Stats> byKeys, SortedMap<Long, String> notMeasured) {
}
