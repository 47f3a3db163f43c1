package io.jetway.testing;

import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

/** Builds the configuration of a test member: 127.0.0.1 only, TCP-IP join, Jet with resource upload. */
final class HazelcastMemberConfigs {
    private HazelcastMemberConfigs() {
    }

    /**
     * @param port            the member's own port (no auto-increment)
     * @param memberAddresses {@code 127.0.0.1:port} of members to join through; any live one is enough
     */
    static Config create(String clusterName, String instanceName, int port, List<String> memberAddresses) {
        Config config = new Config(instanceName);
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "log4j2");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        // The master admits joiners at once instead of batching join requests for 5 s.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        // A member killed with SIGKILL leaves the cluster within seconds, not the default 60 s.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
        // Jet writes its job records with fail-on-indeterminate-state: a write whose backup went to a member
        // that just crashed fails only after this timeout (default 5 s). When a snapshot start fails that way
        // after the job already restarted, Hazelcast 5.7 schedules the failed execution's retry on the new
        // execution, two snapshot chains run, and the job can fail with "IMap '__jet.snapshot...' was supposed
        // to contain snapshotId N". A timeout shorter than a job restart makes the retry land on the old
        // execution, where it is dropped. See README, Troubleshooting.
        config.setProperty("hazelcast.operation.backup.timeout.millis", "1000");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false).setPublicAddress("127.0.0.1:" + port);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(memberAddresses);

        config.getJetConfig().setEnabled(true).setResourceUploadEnabled(true);
        return config;
    }
}
