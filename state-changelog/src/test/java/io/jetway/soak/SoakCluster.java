package io.jetway.soak;

import com.hazelcast.core.HazelcastInstance;
import io.jetway.testing.HazelcastCluster;
import io.jetway.testing.HazelcastMemberProcess;

/**
 * The three Hazelcast members of one soak run, started fresh for it so that no run inherits another's jobs,
 * threads or member list:
 * <pre>
 *  member 0  test JVM    submits and watches the job; never faulted
 *  member 1  test JVM    the one {@code MEMBER_TERMINATE} terminates
 *  member 2  child JVM   the one {@code MEMBER_KILL9} kills with SIGKILL
 * </pre>
 */
final class SoakCluster implements AutoCloseable {

    private final HazelcastCluster cluster;
    private final HazelcastMemberProcess process;

    private SoakCluster(HazelcastCluster cluster, HazelcastMemberProcess process) {
        this.cluster = cluster;
        this.process = process;
    }

    /** Starts the three members; returns once all see each other. */
    static SoakCluster start() {
        HazelcastCluster cluster = HazelcastCluster.start(2);
        try {
            return new SoakCluster(cluster, cluster.startMemberProcess());
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The member the job is submitted through and watched from. */
    HazelcastInstance coordinator() {
        return cluster.member(0);
    }

    /** Terminates member 1 (no migration, as a crash would) and returns once member 0 no longer lists it. */
    void terminateMember() {
        cluster.terminate(1);
    }

    /** Kills member 2's JVM with SIGKILL. */
    void killMemberProcess() {
        process.kill();
    }

    /** Stops every member that is still running. */
    @Override
    public void close() {
        cluster.close();
    }
}
