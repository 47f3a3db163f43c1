package io.jetway.benchmarks.e2e;

/**
 * The main class of the Flink variants' JVMs ({@link Variants#FLINK_MAIN}), started by {@link Compare} on the
 * class path of this module: {@link VariantMain} with the Flink variants' factory. Its arguments are
 * {@link VariantSettings#toArgs()}.
 */
public final class FlinkVariantMain {

    private FlinkVariantMain() {
    }

    public static void main(String[] args) {
        VariantMain.exit(args, FlinkVariantMain::create);
    }

    /** The Flink variant called {@code name}; {@link Variants} describes the same names for the driver. */
    static Variant create(String name) {
        return switch (name) {
            case "flink-source" -> new FlinkSourceVariant();
            case "flink-count-hashmap-eos" -> new FlinkCountVariant("hashmap");
            case "flink-count-changelog-eos" -> new FlinkCountVariant("changelog");
            case "startup-flink-eos" -> new FlinkStartupVariant();
            case "recovery-flink-eos" -> new FlinkRecoveryVariant();
            default -> {
                if (name.startsWith(Variants.FLINK_RESTORE_PREFIX)) {
                    yield new FlinkRestoreVariant();
                }
                throw new IllegalArgumentException("Unknown Flink variant '" + name + "'; known: " + Variants.FLINK
                        + ", startup-flink-eos, recovery-flink-eos, " + Variants.FLINK_RESTORE_PREFIX + "<keys>");
            }
        };
    }
}
