package io.jetway.kafka.common.txn;

import com.hazelcast.jet.RestartableException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaFailuresTest {

    @Test
    void shouldRestartOnTransientKafkaFailures() {
        RuntimeException timeout = new IllegalStateException("commit failed", new TimeoutException("coordinator"));

        RuntimeException thrown = KafkaFailures.forProcessor("Committing snapshot 7", timeout);

        assertThat(thrown).isInstanceOf(RestartableException.class).hasCause(timeout)
                          .hasMessageContaining("Committing snapshot 7 (the job restarts from its last snapshot)");
        assertThat(KafkaFailures.isRestartable(new KafkaException(new NotEnoughReplicasException("isr")))).isTrue();
        assertThat(KafkaFailures.isRestartable(new java.util.concurrent.TimeoutException())).isTrue();
    }

    @Test
    void shouldFailOnFencingAuthorizationAndEverythingElse() {
        RuntimeException fenced = new KafkaException(new ProducerFencedException("epoch"));

        assertThat(KafkaFailures.forProcessor("Writing", fenced))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(RestartableException.class)
                .hasMessageContaining("is a second job with the same name running?");
        assertThat(KafkaFailures.isRestartable(new TopicAuthorizationException(Set.of("t")))).isFalse();
        assertThat(KafkaFailures.isRestartable(new IllegalStateException("topic has 3 partitions"))).isFalse();
        assertThat(KafkaFailures.isRestartable(
                new TimeoutException("x", new ProducerFencedException("fenced meanwhile")))).isFalse();
    }
}
