package io.jetway.internal.state;

import io.jetway.spi.state.StateSerde;

import java.nio.ByteBuffer;

/**
 * The key serde a keyed processor hands to its backend: the configured serde, remembering the bytes of
 * the key of the item in hand. The processor {@link #bind}s each item's key; the state partition (with
 * the default serde), the store's read and its write then share one serialisation instead of three.
 * <p>
 * Only the bound key object (compared by identity) is served from memory; any other key is serialised.
 * Not thread-safe: the processor thread binds and calls it.
 */
final class KeyBytesMemo<K> implements StateSerde<K> {

    private final StateSerde<K> serde;
    private Object boundKey;
    private byte[] boundBytes;

    KeyBytesMemo(StateSerde<K> serde) {
        this.serde = serde;
    }

    /** Makes {@code key} the key in hand; its bytes are computed at the first {@link #toBytes} call. */
    void bind(K key) {
        boundKey = key;
        boundBytes = null;
    }

    @Override
    public byte[] toBytes(K key) {
        if (key != boundKey || key == null) {
            return serde.toBytes(key);
        }
        if (boundBytes == null) {
            boundBytes = serde.toBytes(key);
        }
        return boundBytes;
    }

    @Override
    public K fromBytes(ByteBuffer bytes) {
        return serde.fromBytes(bytes);
    }
}
