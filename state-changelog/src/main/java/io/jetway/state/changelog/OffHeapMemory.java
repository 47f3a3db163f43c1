package io.jetway.state.changelog;

import net.openhft.chronicle.bytes.BytesStore;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Allocates and frees the native memory of local stores (chronicle-bytes {@code BytesStore}s that this
 * class creates and therefore owns: releasing a store that wraps someone else's buffer would free memory
 * we do not own), and counts it: per backend for its metrics, and per JVM so that tests can prove that
 * closing frees everything.
 * <p>
 * Thread-safe: the counters are atomics; a store is used by one thread at a time.
 */
final class OffHeapMemory {

    private static final AtomicLong RESERVED_IN_JVM = new AtomicLong();

    private final AtomicLong reserved = new AtomicLong();

    /**
     * A new native store of {@code bytes} bytes, content undefined. Not written at allocation (chronicle-bytes'
     * fixed-capacity stores zero themselves, which touches every page): a page costs memory, and a page fault,
     * only once the store writes to it, so capacity a store does not use yet stays free.
     */
    BytesStore<?, Void> allocate(long bytes) {
        BytesStore<?, Void> store = BytesStore.lazyNativeBytesStoreWithFixedCapacity(bytes);
        reserved.addAndGet(store.capacity());
        RESERVED_IN_JVM.addAndGet(store.capacity());
        return store;
    }

    /** A new native store of {@code bytes} bytes, all zero. */
    BytesStore<?, Void> allocateZeroed(long bytes) {
        BytesStore<?, Void> store = allocate(bytes);
        store.zeroOut(0, store.capacity());
        return store;
    }

    /**
     * Frees {@code store}, which {@link #allocate} returned; it must not be used afterwards.
     *
     * @throws IllegalStateException when chronicle-bytes still counts a reference to it (nothing is freed then)
     */
    void free(BytesStore<?, Void> store) {
        long capacity = store.capacity();
        store.releaseLast();
        if (store.refCount() != 0) {
            throw new IllegalStateException("Off-heap store of " + capacity + " bytes still has " + store.refCount()
                    + " references after its release");
        }
        reserved.addAndGet(-capacity);
        RESERVED_IN_JVM.addAndGet(-capacity);
    }

    /** Native bytes currently allocated through this instance. */
    long reservedBytes() {
        return reserved.get();
    }

    /** Native bytes currently allocated by all local stores of this JVM. */
    static long reservedBytesInJvm() {
        return RESERVED_IN_JVM.get();
    }
}
