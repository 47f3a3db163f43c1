package io.jetway.testing;

import java.io.File;
import java.io.FileNotFoundException;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Entry point of the child JVM that {@link HazelcastCluster#startMemberProcess()} starts: one member built
 * from an XML configuration file, halted when the test JVM is gone. Not for use in tests.
 */
public final class HazelcastMemberMain {
    private HazelcastMemberMain() {
    }

    /** @param args the path of the member's XML configuration */
    public static void main(String[] args) throws FileNotFoundException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: HazelcastMemberMain <member-config.xml>");
        }
        ParentWatchdog.start();
        Config config = Config.loadFromFile(new File(args[0]));
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        System.out.println("jetway: member " + member.getCluster().getLocalMember() + " started");
        // Hazelcast's non-daemon threads keep this JVM running until it is killed.
    }
}
