package io.jetway.state.changelog;

/**
 * Where a {@link ChangelogStore} reports each change of its local map: straight to the changelog
 * ({@link ChangelogWriter}) or to a {@link WriteBehindBuffer} that sends each changed key's newest value
 * later. Called on the processor thread.
 */
interface ChangeRecorder {

    /** {@code key} of state {@code partition} now has {@code value}; {@code null} when it was removed. */
    void record(int partition, byte[] key, byte[] value);
}
