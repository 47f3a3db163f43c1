package io.jetway.protobuf.test;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * The kinds of {@link ByteBuffer} views a decoder can be handed, each with the record's bytes in the middle
 * of a larger buffer full of other bytes, as a record sits inside a fetch buffer.
 */
public enum BufferKind {

    /** A heap view with position and limit inside the array, what Kafka's consumer hands over. */
    HEAP_VIEW {
        @Override
        public ByteBuffer view(byte[] record, Random r) {
            int before = r.nextInt(64);
            byte[] big = surround(record, before, r);
            return ByteBuffer.wrap(big, before, record.length);
        }
    },

    /** A sliced heap view: array offset inside the array, position 0. */
    HEAP_SLICE {
        @Override
        public ByteBuffer view(byte[] record, Random r) {
            return HEAP_VIEW.view(record, r).slice();
        }
    },

    /** A direct buffer view. */
    DIRECT {
        @Override
        public ByteBuffer view(byte[] record, Random r) {
            ByteBuffer heap = HEAP_VIEW.view(record, r);
            ByteBuffer direct = ByteBuffer.allocateDirect(heap.capacity());
            direct.put(heap.array()).position(heap.position()).limit(heap.limit());
            return direct;
        }
    },

    /** A read-only heap view: no accessible array. */
    READ_ONLY_HEAP {
        @Override
        public ByteBuffer view(byte[] record, Random r) {
            return HEAP_VIEW.view(record, r).asReadOnlyBuffer();
        }
    },

    /** A read-only direct view. */
    READ_ONLY_DIRECT {
        @Override
        public ByteBuffer view(byte[] record, Random r) {
            return DIRECT.view(record, r).asReadOnlyBuffer();
        }
    };

    /** A view of a copy of {@code record} with other bytes before and after it. */
    public abstract ByteBuffer view(byte[] record, Random r);

    private static byte[] surround(byte[] record, int before, Random r) {
        byte[] big = new byte[before + record.length + r.nextInt(64)];
        r.nextBytes(big);
        System.arraycopy(record, 0, big, before, record.length);
        return big;
    }
}
