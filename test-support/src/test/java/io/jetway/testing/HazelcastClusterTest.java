package io.jetway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Util;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HazelcastClusterTest {
    @RegisterExtension
    static final HazelcastClusterExtension HAZELCAST = HazelcastClusterExtension.of(2);

    @Test
    void shouldFormClusterAndRunJetJob() {
        HazelcastCluster cluster = HAZELCAST.cluster();
        assertThat(cluster.members()).hasSize(2)
                .allSatisfy(m -> assertThat(m.getCluster().getMembers()).hasSize(2));

        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items(1, 2, 3, 4))
                .map(i -> Util.entry(i, i * 10))
                .writeTo(Sinks.map("squares"));
        cluster.member(1).getJet().newJob(pipeline).join();

        Map<Integer, Integer> result = Map.copyOf(cluster.member(0).getMap("squares"));
        assertThat(result).isEqualTo(Map.of(1, 10, 2, 20, 3, 30, 4, 40));
    }

    @Test
    void shouldSeeMemberProcessJoinAndLeaveWhenKilled() {
        HazelcastCluster cluster = HAZELCAST.cluster();
        HazelcastInstance observer = cluster.member(0);

        long startNs = System.nanoTime();
        try (HazelcastMemberProcess process = cluster.startMemberProcess()) {
            long joinedNs = System.nanoTime();
            assertThat(observer.getCluster().getMembers()).hasSize(3);
            assertThat(process.pid()).isNotEqualTo(ProcessHandle.current().pid());

            process.kill();
            assertThat(process.isAlive()).isFalse();
            await("cluster " + cluster.clusterName() + " back to 2 members after kill -9 of " + process)
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(observer.getCluster().getMembers()).hasSize(2));
            System.out.printf("member process joined in %d ms, left %d ms after kill -9%n",
                    (joinedNs - startNs) / 1_000_000, (System.nanoTime() - joinedNs) / 1_000_000);
        }
    }

    @Test
    void shouldAddAndTerminateMembersInThisJvm() {
        HazelcastCluster cluster = HAZELCAST.cluster();

        HazelcastInstance added = cluster.addMember();
        assertThat(cluster.members()).hasSize(3).last().isSameAs(added);
        assertThat(cluster.member(0).getCluster().getMembers()).hasSize(3);

        cluster.terminate(2);
        assertThat(added.getLifecycleService().isRunning()).isFalse();
        assertThat(cluster.members()).hasSize(2);
        assertThat(cluster.member(0).getCluster().getMembers()).hasSize(2);
    }
}
