package io.jetway.state.changelog;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffHeapBytesMapTest {

    private final OffHeapMemory memory = new OffHeapMemory();
    private final OffHeapBytesMap map = new OffHeapBytesMap(memory);

    @AfterEach
    void freeMemory() {
        map.close();
        assertThat(memory.reservedBytes()).as("native bytes left after close").isZero();
    }

    @Test
    void shouldAllocateNothingUntilTheFirstPut() {
        assertThat(map.find(bytes("k"), 0, 1)).isEqualTo(-1);
        assertThat(map.remove(bytes("k"), 0, 1)).isFalse();
        assertThat(memory.reservedBytes()).isZero();

        map.put(bytes("k"), bytes("v"));

        assertThat(memory.reservedBytes()).isEqualTo(map.reservedBytes()).isPositive();
    }

    @Test
    void shouldHoldTheReservedKeysWithoutGrowingOrMovingRecords() {
        OffHeapBytesMap sizer = new OffHeapBytesMap(memory);
        for (int i = 0; i < 10_000; i++) {
            sizer.put(bytes("key-" + i), bytes("value-" + i));
        }
        long liveBytes = sizer.liveBytes();
        sizer.close();

        map.reserve(10_000, liveBytes);
        long slots = map.slotCount();
        long reserved = map.reservedBytes();
        for (int i = 0; i < 10_000; i++) {
            map.put(bytes("key-" + i), bytes("value-" + i));
        }

        assertThat(map.slotCount()).as("index slots").isEqualTo(slots);
        assertThat(map.reservedBytes()).as("native bytes").isEqualTo(reserved);
        assertThat(map.liveBytes()).isEqualTo(liveBytes);
        assertThat(map.size()).isEqualTo(10_000);
        assertThat(value("key-0")).isEqualTo("value-0");
        assertThat(value("key-9999")).isEqualTo("value-9999");
        // sized for the state, not for twice or four times it as growing step by step leaves it
        assertThat(reserved).isLessThan(liveBytes * 2 + slots * 8);
    }

    @Test
    void shouldStillGrowBeyondWhatItReservedAndIgnoreAReserveOnceInUse() {
        map.reserve(4, 64);
        long slots = map.slotCount();
        for (int i = 0; i < 1_000; i++) {
            map.put(bytes("key-" + i), bytes("value-" + i));
        }
        long grown = map.reservedBytes();
        map.reserve(1_000_000, 100_000_000);

        assertThat(map.slotCount()).isGreaterThan(slots);
        assertThat(map.reservedBytes()).isEqualTo(grown);
        for (int i = 0; i < 1_000; i++) {
            assertThat(value("key-" + i)).isEqualTo("value-" + i);
        }
    }

    @Test
    void shouldReadItsWritesOverwriteInPlaceAndRemove() {
        assertThat(map.put(bytes("key"), bytes("one"))).isTrue();
        assertThat(value("key")).isEqualTo("one");
        long liveBefore = map.liveBytes();

        assertThat(map.put(bytes("key"), bytes("two"))).isFalse();       // same length: in place
        assertThat(map.liveBytes()).isEqualTo(liveBefore);
        assertThat(map.put(bytes("key"), bytes("three!"))).isFalse();    // new length: appended again
        assertThat(value("key")).isEqualTo("three!");
        assertThat(map.size()).isEqualTo(1);

        assertThat(map.remove(bytes("key"), 0, 3)).isTrue();
        assertThat(map.find(bytes("key"), 0, 3)).isEqualTo(-1);
        assertThat(map.size()).isZero();
        assertThat(map.liveBytes()).isZero();
    }

    @Test
    void shouldForgetEveryKeyOnClearAndKeepItsMemory() {
        for (int i = 0; i < 1_000; i++) {
            map.put(bytes("key-" + i), bytes("value-" + i));
        }
        long reserved = map.reservedBytes();

        map.clear();

        assertThat(map.size()).isZero();
        assertThat(map.liveBytes()).isZero();
        assertThat(map.find(bytes("key-7"), 0, 5)).isEqualTo(-1);
        assertThat(map.reservedBytes()).isEqualTo(reserved);
        map.put(bytes("key-7"), bytes("again"));
        assertThat(value("key-7")).isEqualTo("again");
        assertThat(map.size()).isEqualTo(1);
    }

    @Test
    void shouldHandleEmptyKeysAndValuesAndArraySlices() {
        byte[] framed = bytes("xxKEYyy");
        map.put(new byte[0], new byte[0]);
        map.put(framed, 2, 3, framed, 0, 2);

        assertThat(value("")).isEmpty();
        assertThat(value("KEY")).isEqualTo("xx");
    }

    /** Random puts, overwrites and removes against a HashMap, through many index and arena resizes. */
    @Test
    void shouldAgreeWithAHashMapUnderRandomOperations() {
        Random random = new Random(42);
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            String key = "k" + random.nextInt(20_000);
            int op = random.nextInt(10);
            if (op < 6) {
                String value = "v".repeat(random.nextInt(40)) + i;
                assertThat(map.put(bytes(key), bytes(value))).isEqualTo(expected.put(key, value) == null);
            } else if (op < 9) {
                assertThat(map.remove(bytes(key), 0, bytes(key).length)).isEqualTo(expected.remove(key) != null);
            } else {
                assertThat(value(key)).isEqualTo(expected.get(key));
            }
        }
        assertThat(map.size()).isEqualTo(expected.size());
        Map<String, String> found = new HashMap<>();
        map.forEachRecord(record -> {
            byte[] key = new byte[map.keyLength(record)];
            byte[] value = new byte[map.valueLength(record)];
            map.readKey(record, key);
            map.readValue(record, value);
            found.put(new String(key, UTF_8), new String(value, UTF_8));
        });
        assertThat(found).isEqualTo(expected);
        // garbage is compacted when the arena is relocated: live data is at least a quarter of the arena
        assertThat(map.liveBytes() * 4).isGreaterThanOrEqualTo(map.reservedBytes() - 8L * 65_536);
    }

    /**
     * Marks follow their keys through index growth, arena relocation and the backward shifts of removals:
     * random puts, removes, marks and unmarks of walked slots against a set of the keys that should be marked.
     */
    @Test
    void shouldKeepEachMarkWithItsKeyThroughGrowthRelocationAndRemovals() {
        Random random = new Random(7);
        Map<String, String> values = new HashMap<>();
        Set<String> marked = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String key = "m" + random.nextInt(5_000);
            int op = random.nextInt(10);
            if (op < 4) {
                String value = "v".repeat(random.nextInt(20)) + i;
                map.put(bytes(key), bytes(value));
                values.put(key, value);
            } else if (op < 6) {
                map.remove(bytes(key), 0, bytes(key).length);
                values.remove(key);
                marked.remove(key);
            } else if (op < 9) {
                boolean wasUnmarked = values.containsKey(key) && marked.add(key);
                assertThat(map.mark(bytes(key), 0, bytes(key).length)).as("mark %s", key).isEqualTo(wasUnmarked);
            } else {
                long slot = map.nextMarkedSlot(random.nextInt(1 << 14));
                if (slot >= 0) {
                    marked.remove(keyAt(slot));
                    map.unmark(slot);
                }
            }
            assertThat(map.markedCount()).isEqualTo(marked.size());
        }
        Set<String> walked = new HashSet<>();
        for (long slot = map.nextMarkedSlot(0); slot >= 0; slot = map.nextMarkedSlot(slot + 1)) {
            assertThat(walked.add(keyAt(slot))).as("each marked key once").isTrue();
        }
        assertThat(walked).isEqualTo(marked);

        map.clear();
        assertThat(map.markedCount()).isZero();
        assertThat(map.nextMarkedSlot(0)).isEqualTo(-1);
        map.put(bytes("again"), bytes("v"));
        assertThat(map.nextMarkedSlot(0)).as("a new key is unmarked").isEqualTo(-1);
        assertThat(map.mark(bytes("absent"), 0, 6)).isFalse();
    }

    private String keyAt(long slot) {
        long record = map.recordAtSlot(slot);
        byte[] key = new byte[map.keyLength(record)];
        map.readKey(record, key);
        return new String(key, UTF_8);
    }

    @Test
    void shouldFindKeysWhoseHashesCollideInTheIndex() {
        // many keys in a tiny index: long probe runs, then removals from their middle
        for (int i = 0; i < 9; i++) {
            map.put(bytes("c" + i), bytes("v" + i));
        }
        for (int i = 0; i < 9; i += 2) {
            assertThat(map.remove(bytes("c" + i), 0, 2)).isTrue();
        }
        for (int i = 0; i < 9; i++) {
            assertThat(value("c" + i)).isEqualTo(i % 2 == 0 ? null : "v" + i);
        }
    }

    @Test
    void shouldBeUsableFromAnotherThreadAfterAHandOver() throws Exception {
        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 1000; i++) {
                map.put(bytes("t" + i), bytes("v" + i));
            }
        }).get();

        assertThat(value("t999")).isEqualTo("v999");
        map.put(bytes("t0"), bytes("changed"));
        assertThat(value("t0")).isEqualTo("changed");
    }

    @Test
    void shouldFreeItsMemoryAndRefuseUseAfterClose() {
        for (int i = 0; i < 10_000; i++) {
            map.put(bytes("k" + i), bytes("value-" + i));
        }
        assertThat(memory.reservedBytes()).isGreaterThan(100_000);

        map.close();
        map.close();

        assertThat(memory.reservedBytes()).isZero();
        assertThatThrownBy(() -> map.find(bytes("k1"), 0, 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldHashEqualBytesEquallyWhereverTheyLie() {
        byte[] a = bytes("--same key bytes--");
        byte[] b = bytes("same key bytes");
        assertThat(OffHeapBytesMap.hash(a, 2, 14)).isEqualTo(OffHeapBytesMap.hash(b, 0, 14));
        assertThat(OffHeapBytesMap.hash(b, 0, 14)).isNotEqualTo(OffHeapBytesMap.hash(b, 0, 13));
    }

    private String value(String key) {
        byte[] k = bytes(key);
        long record = map.find(k, 0, k.length);
        if (record < 0) {
            return null;
        }
        OffHeapBytesMap.Scratch scratch = new OffHeapBytesMap.Scratch();
        int length = map.valueLength(record);
        map.readValue(record, scratch.array(length));
        ByteBuffer view = scratch.view(length);
        return new String(Arrays.copyOf(view.array(), view.remaining()), UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
