package io.jetway.state.changelog;

/**
 * What a {@code kafka-changelog} backend runs with once its {@link ChangelogOpening} completed: a store per owned
 * state partition (others {@code null}), the writer and write-behind buffer they record changes through, and
 * the generation its snapshots record. All {@code null} when the processor owns no state partition.
 *
 * @param stores      the stores, indexed by state partition
 * @param writer      appends the changes to the changelog in the snapshot epoch's transaction
 * @param buffer      holds changed keys until phase 1 or until the producer has room
 * @param generation  0 at a fresh start, +1 at every restore
 */
record OpenedChangelog<K, V>(ChangelogStore<K, V>[] stores, ChangelogWriter writer, WriteBehindBuffer buffer,
                             int generation) {

    /** The open of a processor that owns no state partition. */
    static <K, V> OpenedChangelog<K, V> nothingOwned() {
        return new OpenedChangelog<>(null, null, null, 0);
    }
}
