package io.jetway.soak;

import java.util.Locale;

/**
 * One run of the fault soak: how the input arrives, which fault hits the job, how the state is placed and
 * where it lives, and the seed of every random choice of the run (input keys, the point of the fault, its
 * details). Its {@link #toString()} is what {@code -Djetway.soak.replay=...} takes to repeat it.
 *
 * @param input   all input before the job, or half of it while the job runs
 * @param fault   what hits the job
 * @param mode    aligned (state fused into the source) or keyed edge (source, then a keyed stateful stage)
 * @param backend {@code heap} or {@code kafka-changelog}
 * @param seed    seeds the run's {@link java.util.Random}
 */
record SoakScenario(Input input, Fault fault, Mode mode, Backend backend, long seed) {

    /** How the input reaches Kafka. */
    enum Input {
        /** Every event written before the job is submitted. */
        BATCH,
        /** Half of the events written before the job, the rest in chunks while it runs, paced by its output. */
        LIVE
    }

    /** The fault injected at a random point of the job's progress. */
    enum Fault {
        /** Nothing: the baseline. */
        NONE,
        /** A member in the test JVM terminated, as by a crash (no graceful migration). */
        MEMBER_TERMINATE,
        /** The member in a child JVM killed with SIGKILL. */
        MEMBER_KILL9,
        /** The broker's JVM killed with SIGKILL and restarted on the same directories. */
        BROKER_KILL9_RESTART,
        /** {@code job.restart()}: a graceful restart with a terminal snapshot. */
        JOB_RESTART,
        /** Several forceful restarts, each right after a snapshot completed (often between its two phases). */
        FORCEFUL_RESTARTS
    }

    /** Where the keyed state sits in the job. */
    enum Mode {
        /** {@code JetwayState.alignedKafka}: state partition = input partition, no shuffle. */
        ALIGNED,
        /** {@code JetwaySources.kafka} then {@code JetwayState.mapStateful} behind a partitioned edge. */
        KEYED_EDGE
    }

    /** The state backend, by the name the job asks for. */
    enum Backend {
        HEAP("heap"),
        KAFKA_CHANGELOG("kafka-changelog");

        private final String backendName;

        Backend(String backendName) {
            this.backendName = backendName;
        }

        /** The name {@code StateConfig.backend(...)} takes. */
        String backendName() {
            return backendName;
        }

        /** Accepts the enum name or the backend name, any case. */
        static Backend parse(String text) {
            String t = text.trim();
            for (Backend backend : values()) {
                if (backend.name().equalsIgnoreCase(t) || backend.backendName.equalsIgnoreCase(t)) {
                    return backend;
                }
            }
            throw new IllegalArgumentException("unknown backend '" + text + "': heap or kafka-changelog");
        }
    }

    /** The cell of the report table this run belongs to (the input kind varies within a cell). */
    String cell() {
        return fault + " " + mode + " " + backend.backendName();
    }

    /** A short name for topics and the job: letters, digits and '-' only. */
    String shortName() {
        return (fault.name().replace("_", "") + "-" + mode.name().replace("_", "") + "-"
                + backend.backendName() + "-" + input).toLowerCase(Locale.ROOT);
    }

    /** {@code FAULT/MODE/backend/INPUT/seed}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        return fault + "/" + mode + "/" + backend.backendName() + "/" + input + "/" + seed;
    }

    /** Reads {@code FAULT/MODE/backend/INPUT/seed} (enum names in any case). */
    static SoakScenario parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 5) {
            throw new IllegalArgumentException("not a scenario (FAULT/MODE/backend/INPUT/seed): '" + text + "'");
        }
        return new SoakScenario(Input.valueOf(parts[3].trim().toUpperCase(Locale.ROOT)),
                Fault.valueOf(parts[0].trim().toUpperCase(Locale.ROOT)),
                Mode.valueOf(parts[1].trim().toUpperCase(Locale.ROOT)), Backend.parse(parts[2]),
                Long.parseLong(parts[4].trim()));
    }
}
