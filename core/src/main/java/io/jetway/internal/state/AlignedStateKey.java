package io.jetway.internal.state;

import java.io.Serializable;
import java.util.Objects;

/**
 * The key of an aligned state backend's snapshot entry (wrapped in a broadcast key): the state partition,
 * which is the Kafka partition, and the backend's own key. Every source processor sees every entry and
 * keeps those of the partitions it owns.
 */
record AlignedStateKey(int partition, Object backendKey) implements Serializable {

    AlignedStateKey {
        Objects.requireNonNull(backendKey, "backendKey");
    }
}
