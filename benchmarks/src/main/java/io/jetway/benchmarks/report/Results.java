package io.jetway.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run produced: where and how it ran, every measurement, the series by state size,
 * the ratios the README cites, and what could not be measured.
 *
 * @param machine      cores, JDK, OS, memory
 * @param settings     the options of the run
 * @param command      the command that regenerates these results
 * @param measurements JMH and end-to-end measurements
 * @param notMeasured  measurement or variant name to the reason it has no value
 */
public record Results(String generated, Map<String, Object> machine, Map<String, Object> settings, String command,
                      List<Stats> measurements, List<Series> series, List<Ratio> ratios,
                      Map<String, String> notMeasured) {
}
