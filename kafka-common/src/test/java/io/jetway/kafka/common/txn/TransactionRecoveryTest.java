package io.jetway.kafka.common.txn;

import com.hazelcast.logging.ILogger;
import com.hazelcast.logging.Logger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Which ids {@link TransactionRecovery} fences, given what its {@link TransactionalIdProbe} says. */
class TransactionRecoveryTest {

    private static final ILogger LOGGER = Logger.getLogger(TransactionRecoveryTest.class);

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final TransactionalIdScheme ids = new TransactionalIdScheme("recovery-test");
    private final RecoveryPlan plan = RecoveryPlan.freshStart(ids, 0, 2, 3);
    private final List<String> fenced = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldFenceEveryIdWithoutAProbe() {
        recovery(TransactionalIdProbe.NONE).execute(plan, executor);

        assertThat(fenced).containsExactlyInAnyOrderElementsOf(plan.toFence());
    }

    @Test
    void shouldSkipOnlyTheIdsTheProbeFindsUnknown() {
        Set<String> unknown = Set.copyOf(plan.toFence().subList(1, plan.toFence().size()));

        recovery(requested -> unknown).execute(plan, executor);

        assertThat(fenced).containsExactly(plan.toFence().get(0));
    }

    @Test
    void shouldFenceEveryIdWhenTheProbeFails() {
        recovery(requested -> {
            throw new IllegalStateException("coordinator not available");
        }).execute(plan, executor);

        assertThat(fenced).containsExactlyInAnyOrderElementsOf(plan.toFence());
    }

    private TransactionRecovery recovery(TransactionalIdProbe probe) {
        TransactionalProducerFactory<byte[], byte[]> factory = id -> {
            MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                    new ByteArraySerializer()) {
                @Override
                public void initTransactions() {
                    super.initTransactions();
                    fenced.add(id);
                }
            };
            return producer;
        };
        return new TransactionRecovery(factory, ResumerStub.INSTANCE, LOGGER, probe);
    }

    /** Never asked to resume: a fresh start commits nothing. */
    private enum ResumerStub implements TransactionResumer {
        INSTANCE;

        @Override
        public void resume(org.apache.kafka.clients.producer.Producer<?, ?> producer, PreparedTransaction transaction) {
            throw new AssertionError("nothing to resume in a fresh start");
        }

        @Override
        public PreparedTransaction currentTransaction(org.apache.kafka.clients.producer.Producer<?, ?> producer) {
            throw new AssertionError("not asked");
        }
    }
}
