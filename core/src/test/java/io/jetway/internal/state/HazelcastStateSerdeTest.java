package io.jetway.internal.state;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The default state serde writes exactly the member's Hazelcast bytes, with or without its fast path. */
class HazelcastStateSerdeTest {

    private final InternalSerializationService bigEndian = new DefaultSerializationServiceBuilder().build();

    @Test
    void shouldWriteTheMembersBytesForStringsLongsAndIntegersAndReadThemBack() {
        assertThat(HazelcastBytesFastPath.verifiedFor(bigEndian)).as("fast path on a default member").isNotNull();
        HazelcastStateSerde<Object> serde = new HazelcastStateSerde<>(bigEndian);

        for (Object value : samples(new Random(7))) {
            byte[] bytes = serde.toBytes(value);
            assertThat(bytes).as("bytes of %s", value).isEqualTo(bigEndian.toBytes(value));
            assertThat(serde.fromBytes(framed(bytes))).as("read back %s", value)
                    .isEqualTo(bigEndian.toObject(new HeapData(bytes)));
        }
    }

    @Test
    void shouldFallBackToTheSerializationServiceForOtherTypes() {
        HazelcastStateSerde<Object> serde = new HazelcastStateSerde<>(bigEndian);
        List<Object> others = List.of(3.5d, (short) 7, new ArrayList<>(List.of("a", "b")), new byte[]{1, 2});

        for (Object value : others) {
            byte[] bytes = serde.toBytes(value);
            assertThat(bytes).isEqualTo(bigEndian.toBytes(value));
            assertThat(serde.fromBytes(ByteBuffer.wrap(bytes))).isEqualTo(value);
        }
    }

    /** A member configured little-endian writes other bytes: the fast path must step aside. */
    @Test
    void shouldNotUseTheFastPathWhenTheMembersBytesDiffer() {
        InternalSerializationService littleEndian = new DefaultSerializationServiceBuilder()
                .setByteOrder(ByteOrder.LITTLE_ENDIAN).build();
        assertThat(HazelcastBytesFastPath.verifiedFor(littleEndian)).isNull();

        HazelcastStateSerde<Object> serde = new HazelcastStateSerde<>(littleEndian);
        for (Object value : List.of("key-1", 42L, 7)) {
            byte[] bytes = serde.toBytes(value);
            assertThat(bytes).isEqualTo(littleEndian.toBytes(value));
            assertThat(serde.fromBytes(ByteBuffer.wrap(bytes))).isEqualTo(value);
        }
    }

    private static List<Object> samples(Random random) {
        List<Object> samples = new ArrayList<>(List.of("", "a", "account-000042", "\u00e9t\u00e9 \u20ac \ud83d\ude00",
                "\ud800 unpaired", Long.MIN_VALUE, Long.MAX_VALUE, 0L, Integer.MIN_VALUE, Integer.MAX_VALUE, 0));
        for (int i = 0; i < 200; i++) {
            StringBuilder s = new StringBuilder();
            for (int c = random.nextInt(40); c > 0; c--) {
                s.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0xD000)));
            }
            samples.add(s.toString());
            samples.add(random.nextLong());
            samples.add(random.nextInt());
        }
        return samples;
    }

    // the bytes in the middle of a larger array, as a store hands them over
    private static ByteBuffer framed(byte[] bytes) {
        byte[] larger = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, larger, 5, bytes.length);
        return ByteBuffer.wrap(larger, 5, bytes.length).slice();
    }
}
