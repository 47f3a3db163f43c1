package io.jetway.examples;

import com.hazelcast.jet.Job;
import com.hazelcast.map.IMap;
import io.jetway.state.StateConfig;
import io.jetway.testing.HazelcastClusterExtension;
import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaTestData;
import io.jetway.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Core API example counts per account on a real broker and a 2-member cluster, with the imap backend found by name. */
class CoreApiExampleTest {

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2);

    private final KafkaBroker kafka = SharedKafka.get();

    @Test
    void shouldCountPerAccountWithStateInTheNamedBackend() {
        String topic = KafkaTestData.uniqueTopic("core-api");
        kafka.createTopic(topic, 3);
        for (int p = 0; p < 3; p++) {
            List<String> records = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                records.add("acct-" + (i % 3) + "," + i);
            }
            KafkaTestData.produce(kafka, topic, p, records);
        }
        String mapName = "counts-" + topic;
        Job job = CoreApiExample.submit(HZ.cluster().member(0),
                CoreApiExample.dag(kafka.bootstrapServers(), topic, StateConfig.backend("imap"), mapName), "core-api");
        IMap<String, Long> counts = HZ.cluster().member(0).getMap(mapName);
        await("30 records per account counted in " + mapName).atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(Map.copyOf(counts.getAll(counts.keySet())))
                        .isEqualTo(Map.of("acct-0", 30L, "acct-1", 30L, "acct-2", 30L)));
        job.cancel();
    }
}
