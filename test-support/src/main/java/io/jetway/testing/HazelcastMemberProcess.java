package io.jetway.testing;

/**
 * A Hazelcast member in a child JVM, started by {@link HazelcastCluster#startMemberProcess()}, for tests
 * that kill a member the hard way. Its output goes to a log file in the cluster's temporary directory.
 */
public final class HazelcastMemberProcess implements AutoCloseable {
    private final ChildJvm child;
    private final String address;

    HazelcastMemberProcess(ChildJvm child, String address) {
        this.child = child;
        this.address = address;
    }

    /** Kills the member's JVM with SIGKILL and waits for it to exit; the cluster notices within seconds. */
    public void kill() {
        child.kill();
    }

    /** Whether the member's JVM is running. */
    public boolean isAlive() {
        return child.isAlive();
    }

    /** The operating-system process id of the member's JVM. */
    public long pid() {
        return child.pid();
    }

    /** The member's {@code 127.0.0.1:port}. */
    public String address() {
        return address;
    }

    String logTail() {
        return child.logTail();
    }

    /** Kills the member if it is still running. */
    @Override
    public void close() {
        if (child.isAlive()) {
            child.kill();
        }
    }

    @Override
    public String toString() {
        return "HazelcastMemberProcess[" + address + ", " + child + "]";
    }
}
