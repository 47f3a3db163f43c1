package io.jetway.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code results/latest.json}: the machine, the settings, one entry per measurement (name, unit,
 * median, min, max, runs) and the ratios the README cites.
 */
final class ResultsFile {

    private ResultsFile() {
    }

    static void write(Path file, Map<String, Object> settings, List<Stats> measurements, Map<String, Double> ratios)
            throws IOException {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"generated\": \"").append(Instant.now()).append("\",\n");
        json.append("  \"machine\": {\"cores\": ").append(Runtime.getRuntime().availableProcessors())
            .append(", \"jdk\": \"").append(System.getProperty("java.vm.name")).append(' ')
            .append(System.getProperty("java.version")).append("\", \"os\": \"").append(System.getProperty("os.name"))
            .append(' ').append(System.getProperty("os.arch")).append("\"},\n");
        json.append("  \"settings\": {");
        int i = 0;
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            json.append(i++ == 0 ? "" : ", ").append('"').append(e.getKey()).append("\": ");
            json.append(e.getValue() instanceof Number ? e.getValue().toString() : "\"" + e.getValue() + "\"");
        }
        json.append("},\n  \"measurements\": [\n");
        for (int m = 0; m < measurements.size(); m++) {
            Stats s = measurements.get(m);
            json.append(String.format(Locale.ROOT,
                    "    {\"name\": \"%s\", \"unit\": \"%s\", \"median\": %.1f, \"min\": %.1f, \"max\": %.1f, \"runs\": [",
                    s.name(), s.unit(), s.median(), s.min(), s.max()));
            for (int r = 0; r < s.runs().length; r++) {
                json.append(r == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", s.runs()[r]));
            }
            json.append("]}").append(m + 1 < measurements.size() ? ",\n" : "\n");
        }
        json.append("  ],\n  \"ratios\": {");
        i = 0;
        for (Map.Entry<String, Double> e : ratios.entrySet()) {
            json.append(i++ == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT, "    \"%s\": %.3f", e.getKey(),
                    e.getValue()));
        }
        json.append("\n  }\n}\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json.toString());
    }
}
