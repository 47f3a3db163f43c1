package io.jetway.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FinalCountsTest {

    // 7 events over 3 keys: k0 has 3 (seq 0, 3, 6), k1 and k2 have 2
    private final FinalCounts counts = new FinalCounts(7, 3);

    @Test
    void shouldBeCompleteOnceEveryKeysLastCountIsItsNumberOfEvents() {
        count("k0", 1);
        count("k1", 1);
        count("k2", 1);
        count("k0", 2);
        count("k1", 2);
        count("k2", 2);
        assertThat(counts.complete()).as("k0 is at 2 of 3").isFalse();
        assertThatThrownBy(() -> counts.verify("out")).hasMessageContaining("key k0 in out is 2; the input holds 3");

        count("k0", 3);

        assertThat(counts.complete()).isTrue();
        counts.verify("out");
        assertThat(counts.records()).isEqualTo(7);
        assertThat(counts.finalSum()).isEqualTo(7);
        assertThat(counts.checksum()).isEqualTo(6 + 3 + 3);
    }

    @Test
    void shouldNotCountAKeyTwiceWhenItsFinalCountComesAgainOrMovesOn() {
        count("k0", 3);
        count("k0", 3);
        count("k1", 2);
        count("k2", 2);
        assertThat(counts.complete()).isTrue();

        count("k2", 3);     // a duplicate past the final count

        assertThat(counts.complete()).isFalse();
        assertThatThrownBy(() -> counts.verify("out")).hasMessageContaining("key k2 in out is 3");
    }

    @Test
    void shouldFailOnKeysTheInputDoesNotHold() {
        count("k0", 3);
        count("k1", 2);
        count("k3", 2);     // beyond the input's keys
        count("k01", 2);    // not how the input writes k1
        count("x2", 2);
        assertThat(counts.complete()).isFalse();
        assertThatThrownBy(() -> counts.verify("out")).hasMessageContaining("holds counts of 5 keys; the input has 3")
                .hasMessageContaining("k3").hasMessageContaining("k01").hasMessageContaining("x2");
        assertThat(counts.finalSum()).isEqualTo(3 + 2 + 2 + 2 + 2);
    }

    private void count(String key, long count) {
        ByteBuffer value = ByteBuffer.allocate(8).putLong(0, count);
        counts.accept(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)), value);
    }
}
