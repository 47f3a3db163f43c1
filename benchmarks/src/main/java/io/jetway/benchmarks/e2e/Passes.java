package io.jetway.benchmarks.e2e;

/**
 * The warm-up rule shared by the variants that read the whole input per pass: passes until the warm-up time
 * is over (at least one), then one measured pass.
 */
final class Passes {

    /** One pass over the whole input. */
    @FunctionalInterface
    interface Pass {
        Measurement run() throws Exception;
    }

    private Passes() {
    }

    static Measurement warmUpThenMeasure(VariantSettings settings, Pass pass) throws Exception {
        long end = System.nanoTime() + settings.warmupNanos();
        int passes = 0;
        do {
            pass.run();
            passes++;
        } while (System.nanoTime() - end < 0);
        System.err.println(settings.variant() + ": " + passes + " warm-up pass(es)");
        return pass.run();
    }
}
