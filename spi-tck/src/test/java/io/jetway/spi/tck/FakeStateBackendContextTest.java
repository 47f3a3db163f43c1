package io.jetway.spi.tck;

import io.jetway.spi.state.StateBackendContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeStateBackendContextTest {

    private static final Utf8Serde SERDE = new Utf8Serde();

    @Test
    void shouldDescribeOneProcessorOwningTheOnlyPartitionByDefault() {
        StateBackendContext<String, String> context = FakeStateBackendContext.builder(SERDE, SERDE).build();
        assertThat(context.jobName()).isEqualTo("fake-job");
        assertThat(context.jobId()).isEqualTo("fake-job".hashCode());
        assertThat(context.vertexName()).isEqualTo("state");
        assertThat(context.processorIndex()).isZero();
        assertThat(context.totalParallelism()).isEqualTo(1);
        assertThat(context.statePartitionCount()).isEqualTo(1);
        assertThat(context.ownedStatePartitions()).containsExactly(0);
        assertThat(context.exactlyOnce()).isTrue();
        assertThat(context.options()).isEmpty();
        assertThat(context.keySerde()).isSameAs(SERDE);
        assertThat(context.valueSerde()).isSameAs(SERDE);
        assertThat(context.hazelcastInstance()).isNull();
        assertThat(context.classLoader()).isNotNull();
    }

    @Test
    void shouldGiveProcessorsTheirPartitionsRoundRobinUnlessTold() {
        FakeStateBackendContext.Builder<String, String> job = FakeStateBackendContext.builder(SERDE, SERDE)
                .jobName("orders").jobId(42).vertexName("count").statePartitionCount(8).exactlyOnce(false)
                .options(Map.of("k", "v"));
        assertThat(job.processor(1, 3).build().ownedStatePartitions()).containsExactly(1, 4, 7);
        assertThat(job.processor(2, 3).build().ownedStatePartitions()).containsExactly(2, 5);
        assertThat(job.processor(9, 10).build().ownedStatePartitions()).isEmpty();

        StateBackendContext<String, String> told = job.processor(0, 2).ownedStatePartitions(6, 1, 3).build();
        assertThat(told.ownedStatePartitions()).as("ascending, as the SPI promises").containsExactly(1, 3, 6);
        assertThat(told.jobName()).isEqualTo("orders");
        assertThat(told.jobId()).isEqualTo(42);
        assertThat(told.vertexName()).isEqualTo("count");
        assertThat(told.exactlyOnce()).isFalse();
        assertThat(told.options()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void shouldRefuseWhatNoProcessorCouldBeTold() {
        FakeStateBackendContext.Builder<String, String> builder = FakeStateBackendContext.builder(SERDE, SERDE)
                .statePartitionCount(4);
        assertThatThrownBy(() -> builder.processor(2, 2).build())
                .hasMessage("processor 2 of 2: the index must be in 0..1 and the parallelism at least 1");
        assertThatThrownBy(() -> builder.processor(0, 1).ownedStatePartitions(1, 4).build())
                .hasMessage("owned state partitions [1, 4]: each must be in 0..3 and appear once");
        assertThatThrownBy(() -> builder.processor(0, 1).ownedStatePartitions(1, 1).build())
                .hasMessage("owned state partitions [1, 1]: each must be in 0..3 and appear once");
        assertThatThrownBy(() -> builder.statePartitionCount(0).ownedStatePartitions().build())
                .hasMessage("statePartitionCount must be at least 1: 0");
    }

    @Test
    void shouldHandOutCopiesOfTheOwnedPartitions() {
        StateBackendContext<String, String> context = FakeStateBackendContext.builder(SERDE, SERDE)
                .statePartitionCount(2).build();
        context.ownedStatePartitions()[0] = 1;
        assertThat(context.ownedStatePartitions()).containsExactly(0, 1);
    }
}
