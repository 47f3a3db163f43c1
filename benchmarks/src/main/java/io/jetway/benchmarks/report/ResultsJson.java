package io.jetway.benchmarks.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** Writes {@link Results} as {@code latest.json}; no JSON library needed for this one flat shape. */
public final class ResultsJson {

    private ResultsJson() {
    }

    /** Writes {@code results} to {@code file}, creating its directory. */
    public static void write(Results results, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toJson(results));
    }

    /** The JSON text of {@code results}. */
    public static String toJson(Results r) {
        StringBuilder j = new StringBuilder(16_384);
        j.append("{\n  \"generated\": ").append(str(r.generated()));
        j.append(",\n  \"machine\": ");
        object(j, r.machine());
        j.append(",\n  \"settings\": ");
        object(j, r.settings());
        j.append(",\n  \"command\": ").append(str(r.command()));
        j.append(",\n  \"measurements\": [");
        for (int i = 0; i < r.measurements().size(); i++) {
            Stats s = r.measurements().get(i);
            j.append(i == 0 ? "\n    " : ",\n    ").append("{\"name\": ").append(str(s.name())).append(", ");
            stats(j, s);
            j.append('}');
        }
        j.append("\n  ],\n  \"ratios\": {");
        boolean first = true;
        for (Ratio ratio : r.ratios()) {
            j.append(first ? "\n    " : ",\n    ").append(str(ratio.name())).append(": {");
            first = false;
            j.append("\"description\": ").append(str(ratio.description()));
            if (ratio.target() != null) {
                j.append(", \"target\": ").append(str(ratio.target()));
            }
            if (ratio.stats() != null) {
                j.append(", ");
                stats(j, ratio.stats());
                if (ratio.met() != null) {
                    j.append(", \"met\": ").append(ratio.met());
                }
            } else {
                j.append(", \"not_measured\": ").append(str(ratio.notMeasured()));
            }
            j.append('}');
        }
        for (Series series : r.series()) {
            j.append(first ? "\n    " : ",\n    ").append(str(series.name())).append(": {\"unit\": ")
             .append(str(series.unit())).append(", \"by_keys\": {");
            first = false;
            boolean firstKey = true;
            for (Map.Entry<Long, Stats> e : series.byKeys().entrySet()) {
                j.append(firstKey ? "" : ", ").append(str(Long.toString(e.getKey()))).append(": {");
                stats(j, e.getValue());
                j.append('}');
                firstKey = false;
            }
            j.append('}');
            if (!series.notMeasured().isEmpty()) {
                j.append(", \"not_measured\": {");
                firstKey = true;
                for (Map.Entry<Long, String> e : series.notMeasured().entrySet()) {
                    j.append(firstKey ? "" : ", ").append(str(Long.toString(e.getKey()))).append(": ")
                     .append(str(e.getValue()));
                    firstKey = false;
                }
                j.append('}');
            }
            j.append('}');
        }
        j.append("\n  },\n  \"not_measured\": ");
        object(j, r.notMeasured());
        j.append("\n}\n");
        return j.toString();
    }

    private static void stats(StringBuilder j, Stats s) {
        j.append("\"unit\": ").append(str(s.unit())).append(", \"median\": ").append(num(s.median()))
         .append(", \"min\": ").append(num(s.min())).append(", \"max\": ").append(num(s.max())).append(", \"runs\": [");
        for (int i = 0; i < s.runs().length; i++) {
            j.append(i == 0 ? "" : ", ").append(num(s.runs()[i]));
        }
        j.append(']');
    }

    private static void object(StringBuilder j, Map<String, ?> map) {
        j.append('{');
        Iterator<? extends Map.Entry<String, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ?> e = it.next();
            j.append(str(e.getKey())).append(": ");
            Object v = e.getValue();
            j.append(v instanceof Number n ? num(n.doubleValue()) : v instanceof Boolean ? v.toString()
                    : str(String.valueOf(v)));
            if (it.hasNext()) {
                j.append(", ");
            }
        }
        j.append('}');
    }

    /** Six significant digits, no exponent, no trailing zeros. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return BigDecimal.valueOf(v).round(MathContext.DECIMAL64).round(new MathContext(6)).stripTrailingZeros()
                         .toPlainString();
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
