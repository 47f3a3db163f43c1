package io.jetway.kafka.common.txn;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionalIdSchemeTest {

    private final TransactionalIdScheme ids = TransactionalIdScheme.of("orders job", "count/1");

    @Test
    void shouldSanitiseNamesIntoThePrefix() {
        assertThat(ids.prefix()).isEqualTo("orders_job-count_1");
        assertThat(ids.id(3, 0, 1)).isEqualTo("orders_job-count_1-3-2");
    }

    @Test
    void shouldGiveConsecutiveGenerationsDisjointPools() {
        List<String> even = ids.pool(3, 4, 3);
        List<String> odd = ids.pool(3, 5, 3);

        assertThat(even).containsExactly("orders_job-count_1-3-0", "orders_job-count_1-3-2", "orders_job-count_1-3-4");
        assertThat(odd).containsExactly("orders_job-count_1-3-1", "orders_job-count_1-3-3", "orders_job-count_1-3-5");
        assertThat(ids.pool(3, 6, 3)).isEqualTo(even);
    }

    @Test
    void shouldNeverGiveTwoProcessorsTheSameId() {
        Set<String> seen = new HashSet<>();
        for (int processor = 0; processor < 12; processor++) {
            for (int generation = 0; generation < 2; generation++) {
                for (String id : ids.pool(processor, generation, 4)) {
                    assertThat(seen.add(id)).as("id %s given twice", id).isTrue();
                }
            }
        }
    }

    @Test
    void shouldRejectEmptyPrefixAndNegativeNumbers() {
        assertThatThrownBy(() -> new TransactionalIdScheme("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ids.id(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                                                 .hasMessageContaining("processorIndex -1");
    }
}
