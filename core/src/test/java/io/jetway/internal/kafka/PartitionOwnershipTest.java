package io.jetway.internal.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionOwnershipTest {

    @Test
    void shouldGiveEveryPartitionToExactlyOneProcessorInRange() {
        for (int parallelism = 1; parallelism <= 9; parallelism++) {
            for (int p = 0; p < 50; p++) {
                int owner = PartitionOwnership.owner("orders", p, parallelism);
                assertThat(owner).isBetween(0, parallelism - 1);
            }
        }
    }

    @Test
    void shouldSpreadPartitionsEvenly() {
        int parallelism = 4;
        int[] load = new int[parallelism];
        for (int p = 0; p < 16; p++) {
            load[PartitionOwnership.owner("payments", p, parallelism)]++;
        }
        assertThat(load).containsOnly(4);
    }

    @Test
    void shouldNotMoveExistingPartitionsWhenPartitionsAreAdded() {
        int before = PartitionOwnership.owner("t", 3, 6);
        for (int added = 4; added < 40; added++) {
            PartitionOwnership.owner("t", added, 6);
        }
        assertThat(PartitionOwnership.owner("t", 3, 6)).isEqualTo(before);
    }

    @Test
    void shouldStartTopicsAtDifferentProcessors() {
        java.util.Set<Integer> firstOwners = new java.util.HashSet<>();
        for (int t = 0; t < 20; t++) {
            firstOwners.add(PartitionOwnership.owner("topic-" + t, 0, 8));
        }
        assertThat(firstOwners).hasSizeGreaterThan(3);
    }

    @Test
    void shouldHandleNegativeHashCodes() {
        String negative = "polygenelubricants";   // hashCode() == Integer.MIN_VALUE
        assertThat(negative.hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(PartitionOwnership.owner(negative, 7, 3)).isBetween(0, 2);
    }
}
