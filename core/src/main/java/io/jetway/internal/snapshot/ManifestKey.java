package io.jetway.internal.snapshot;

import java.io.Serializable;

/**
 * The key of a saving processor's {@link SnapshotManifest}, wrapped in a broadcast key so that every processor
 * of the vertex receives every manifest at a restore.
 *
 * @param saverIndex the global index of the processor that saved it
 */
record ManifestKey(int saverIndex) implements Serializable {
}
