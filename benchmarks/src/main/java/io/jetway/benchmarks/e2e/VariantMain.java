package io.jetway.benchmarks.e2e;

import java.util.Locale;

/**
 * Runs one variant in this JVM: repeated passes over the whole topic until the warm-up time is over, then
 * the measured pass, whose result it prints as a {@code RESULT} line for {@link Compare}.
 * <p>Arguments: variant bootstrap topic records warmupSeconds
 */
public final class VariantMain {

    private VariantMain() {
    }

    public static void main(String[] args) throws Exception {
        Variant variant = variant(args[0]);
        String bootstrap = args[1];
        String topic = args[2];
        long records = Long.parseLong(args[3]);
        long warmupNs = Long.parseLong(args[4]) * 1_000_000_000L;
        try {
            long warmupEnd = System.nanoTime() + warmupNs;
            int passes = 0;
            do {
                variant.readAll(bootstrap, topic, records);
                passes++;
            } while (System.nanoTime() < warmupEnd);
            System.err.printf(Locale.ROOT, "%s: %d warm-up pass(es)%n", variant.name(), passes);
            System.out.println(variant.readAll(bootstrap, topic, records).toLine());
        } finally {
            variant.close();
        }
        System.exit(0);
    }

    static Variant variant(String name) {
        switch (name) {
            case "bare-consumer":
                return new BareConsumerVariant();
            case "jetway-source-1m":
                return new JetwaySourceVariant(1);
            case "jetway-source-2m":
                return new JetwaySourceVariant(2);
            default:
                throw new IllegalArgumentException("Unknown variant '" + name
                        + "'; known: bare-consumer, jetway-source-1m, jetway-source-2m");
        }
    }
}
