package io.jetway.kafka.common.txn;

import io.jetway.kafka.common.txn.RecoveryPlan.PreviousExecution;
import io.jetway.kafka.common.txn.RecoveryPlan.WriterTransactions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plans of all processors of a new execution, checked together: each prepared transaction is
 * committed by exactly one processor, nobody fences or writes with its id, and every id the old
 * execution used is fenced or written by someone.
 */
class RecoveryPlanTest {

    private static final TransactionalIdScheme IDS = new TransactionalIdScheme("job-vertex");
    private static final int POOL = 3;

    @ParameterizedTest(name = "{0} processors -> {1}")
    @CsvSource({"2, 3", "2, 1", "3, 1", "3, 3", "1, 4", "4, 2"})
    void shouldCommitEachPreparedTransactionOnceAndFenceEveryOldId(int oldParallelism, int newParallelism) {
        int oldGeneration = 5;
        PreviousExecution previous = new PreviousExecution(oldGeneration, oldParallelism, POOL);
        // old writer i prepared a transaction on its pool index 1; its anchor goes to new processor (i * 7) % P
        Map<Integer, List<WriterTransactions>> anchorsByNewProcessor = new HashMap<>();
        List<PreparedTransaction> prepared = new ArrayList<>();
        for (int writer = 0; writer < oldParallelism; writer++) {
            PreparedTransaction txn = new PreparedTransaction(IDS.id(writer, oldGeneration, 1), 100 + writer, (short) 3,
                    true);
            prepared.add(txn);
            anchorsByNewProcessor.computeIfAbsent((writer * 7) % newParallelism, k -> new ArrayList<>())
                                 .add(new WriterTransactions(writer, List.of(txn)));
        }

        List<RecoveryPlan> plans = new ArrayList<>();
        for (int j = 0; j < newParallelism; j++) {
            plans.add(RecoveryPlan.restore(IDS, j, newParallelism, POOL, previous,
                    anchorsByNewProcessor.getOrDefault(j, List.of())));
        }

        Map<PreparedTransaction, Integer> committers = new HashMap<>();
        Set<String> touched = new HashSet<>();
        for (int j = 0; j < newParallelism; j++) {
            RecoveryPlan plan = plans.get(j);
            assertThat(plan.generation()).isEqualTo(oldGeneration + 1);
            plan.toCommit().forEach(txn -> committers.merge(txn, 1, Integer::sum));
            touched.addAll(plan.toFence());
            touched.addAll(plan.pool());
            for (int other = 0; other < newParallelism; other++) {
                if (other != j) {
                    for (PreparedTransaction txn : plan.toCommit()) {
                        assertThat(plans.get(other).toFence()).as("processor %s fences %s that %s commits", other,
                                txn.transactionalId(), j).doesNotContain(txn.transactionalId());
                    }
                }
            }
            for (PreparedTransaction txn : plan.toCommit()) {
                for (RecoveryPlan any : plans) {
                    assertThat(any.pool()).doesNotContain(txn.transactionalId());
                }
            }
        }
        assertThat(committers).containsOnlyKeys(prepared).allSatisfy((txn, count) -> assertThat(count).isEqualTo(1));
        for (int writer = 0; writer < oldParallelism; writer++) {
            for (int generation = oldGeneration; generation <= oldGeneration + 1; generation++) {
                assertThat(touched).as("ids of old writer %s", writer)
                                   .containsAll(IDS.pool(writer, generation, POOL));
            }
        }
        for (int j = 0; j < newParallelism; j++) {
            assertThat(plans.get(j).pool()).isEqualTo(IDS.pool(j, oldGeneration + 1, POOL));
            for (RecoveryPlan any : plans) {
                assertThat(any.toFence()).doesNotContainAnyElementsOf(plans.get(j).pool());
            }
        }
    }

    @Test
    void shouldFenceBothParitiesOfTheProbedIdsAtAFreshStart() {
        RecoveryPlan plan = RecoveryPlan.freshStart(IDS, 1, 2, POOL);

        assertThat(plan.generation()).isZero();
        assertThat(plan.pool()).isEqualTo(IDS.pool(1, 0, POOL));
        assertThat(plan.toCommit()).isEmpty();
        assertThat(plan.toFence()).containsExactlyInAnyOrderElementsOf(concat(
                IDS.pool(1, 1, POOL), IDS.pool(3, 0, POOL), IDS.pool(3, 1, POOL)));
    }

    @Test
    void shouldRejectAWriterOutsideThePreviousExecution() {
        PreviousExecution previous = new PreviousExecution(0, 2, POOL);
        List<WriterTransactions> anchors = List.of(new WriterTransactions(2, List.of()));

        assertThatThrownBy(() -> RecoveryPlan.restore(IDS, 0, 2, POOL, previous, anchors))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Writer 2");
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
