package io.jetway.state;

import io.jetway.kafka.common.KafkaProperties;
import io.jetway.spi.state.StateSerde;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Which state backend a keyed stateful vertex uses and how: a backend name found with
 * {@link java.util.ServiceLoader} ({@code "heap"}, {@code "kafka-changelog"}, or a user's), its options,
 * optionally serdes for keys and values (default: Hazelcast serialization of the member), and what the
 * stage emits ({@link OutputMode}, default every update). Immutable; build one with {@link #backend(String)}.
 */
public final class StateConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String backendName;
    private final Map<String, String> options;
    private final StateSerde<?> keySerde;
    private final StateSerde<?> valueSerde;
    private final OutputMode outputMode;

    private StateConfig(String backendName, Map<String, String> options, StateSerde<?> keySerde,
                        StateSerde<?> valueSerde, OutputMode outputMode) {
        this.backendName = backendName;
        this.options = Map.copyOf(options);
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.outputMode = outputMode;
    }

    /** State in the backend named {@code name}, with no options. */
    public static StateConfig backend(String name) {
        return new StateConfig(requireNonNull(name, "name cannot be null"), Map.of(), null, null,
                OutputMode.EVERY_UPDATE);
    }

    /** The heap backend: state in the processors' memory, copied into every Jet snapshot. */
    public static StateConfig heap() {
        return backend(HeapStateBackendFactory.NAME);
    }

    /** A copy with one more backend option. */
    public StateConfig option(String key, String value) {
        Map<String, String> copy = new HashMap<>(options);
        copy.put(requireNonNull(key, "key"), requireNonNull(value, () -> "value of " + key));
        return new StateConfig(backendName, copy, keySerde, valueSerde, outputMode);
    }

    /** A copy with these serdes for keys and values (serializable, as the config travels with the job). */
    public StateConfig serdes(StateSerde<?> keys, StateSerde<?> values) {
        if (!(keys instanceof Serializable) || !(values instanceof Serializable)) {
            throw new IllegalArgumentException("serdes must be Serializable: they travel with the job");
        }
        return new StateConfig(backendName, options, keys, values, outputMode);
    }

    /** A copy whose stage emits as {@code mode} says; see {@link OutputMode}. */
    public StateConfig outputMode(OutputMode mode) {
        return new StateConfig(backendName, options, keySerde, valueSerde,
                requireNonNull(mode, "mode cannot be null"));
    }

    /** The backend's name. */
    public String backendName() {
        return backendName;
    }

    /** The backend's options. */
    public Map<String, String> options() {
        return options;
    }

    /** The key serde, or {@code null} for Hazelcast serialization. */
    public StateSerde<?> keySerde() {
        return keySerde;
    }

    /** The value serde, or {@code null} for Hazelcast serialization. */
    public StateSerde<?> valueSerde() {
        return valueSerde;
    }

    /** What the stage emits; {@link OutputMode#EVERY_UPDATE} unless set. */
    public OutputMode outputMode() {
        return outputMode;
    }

    @Override
    public String toString() {
        return "StateConfig{backend=" + backendName + ", options=" + KafkaProperties.redacted(options)
                + (outputMode == OutputMode.EVERY_UPDATE ? "" : ", outputMode=" + outputMode) + '}';
    }
}
