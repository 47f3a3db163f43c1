package io.jetway.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.ConfigXmlGenerator;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Hazelcast cluster of members in this JVM (and optionally in child JVMs), Jet and resource upload
 * enabled, all on 127.0.0.1 with a unique cluster name, joined over TCP-IP (no multicast, no
 * auto-detection, no phone-home). Each member has its own port; a new member joins through the addresses
 * of the members alive at that moment. Heartbeats every second, a member silent for 15 s is removed;
 * a member killed with SIGKILL leaves much sooner (its connections close: about 0.4 s measured here).
 * Measured on 2 cores: 2 members in about 2 s, a member process joins in 2–4 s.
 */
public final class HazelcastCluster implements AutoCloseable {
    private static final AtomicInteger CLUSTER_COUNTER = new AtomicInteger();
    private static final Duration MEMBERSHIP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROCESS_JOIN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final List<String> PROCESS_JVM_ARGS = List.of("-Xmx512m", "-Djava.net.preferIPv4Stack=true");

    private final String clusterName;
    private final Consumer<Config> customizer;
    private final Path dir;
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final Map<HazelcastInstance, String> addresses = new IdentityHashMap<>();
    private final List<HazelcastMemberProcess> processes = new ArrayList<>();
    private int memberCounter;
    private boolean closed;

    private HazelcastCluster(Consumer<Config> customizer) {
        this.clusterName = "jetway-test-" + CLUSTER_COUNTER.incrementAndGet() + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        this.customizer = customizer;
        this.dir = TempDirs.create("jetway-hazelcast-");
    }

    /** Starts {@code members} members one after another and returns once each sees all of them. */
    public static HazelcastCluster start(int members) {
        return start(members, config -> { });
    }

    /**
     * As {@link #start(int)}, with {@code customizer} applied to every member's configuration, including
     * later ones and those in child JVMs (as far as XML can express the change: classes by name, yes;
     * object instances, no).
     */
    public static HazelcastCluster start(int members, Consumer<Config> customizer) {
        if (members < 1) {
            throw new IllegalArgumentException("members must be >= 1, was " + members);
        }
        HazelcastCluster cluster = new HazelcastCluster(customizer);
        try {
            for (int i = 0; i < members; i++) {
                cluster.addMember();
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The members in this JVM that are running, in start order. */
    public synchronized List<HazelcastInstance> members() {
        List<HazelcastInstance> live = new ArrayList<>(members.size());
        for (HazelcastInstance member : members) {
            if (member.getLifecycleService().isRunning()) {
                live.add(member);
            }
        }
        return live;
    }

    /** {@code members().get(index)}. */
    public HazelcastInstance member(int index) {
        return members().get(index);
    }

    /** Starts one more member in this JVM and returns once every member in this JVM sees it. */
    public HazelcastInstance addMember() {
        Config config = memberConfig();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        synchronized (this) {
            members.add(member);
            addresses.put(member, addressOf(config));
        }
        awaitMembership(member.getCluster().getLocalMember().getUuid(), true);
        return member;
    }

    /**
     * Terminates the member at {@code index} of {@link #members()} (no graceful migration, as a crash
     * would) and returns once the other members in this JVM no longer list it.
     */
    public void terminate(int index) {
        HazelcastInstance member;
        synchronized (this) {
            member = members().get(index);
            members.remove(member);
            addresses.remove(member);
        }
        UUID uuid = member.getCluster().getLocalMember().getUuid();
        member.getLifecycleService().terminate();
        awaitMembership(uuid, false);
    }

    /**
     * Starts a member in a child JVM (same class path, the project's JVM flags, {@code -Xmx512m}) that joins
     * this cluster, and returns once the members in this JVM see it. Needs a member in this JVM.
     */
    public HazelcastMemberProcess startMemberProcess() {
        if (members().isEmpty()) {
            throw new IllegalStateException("Cluster " + clusterName + " has no member in this JVM to join through");
        }
        Config config = memberConfig();
        String address = addressOf(config);
        String name = config.getInstanceName();
        Path configFile = dir.resolve(name + ".xml");
        try {
            Files.writeString(configFile, new ConfigXmlGenerator(true, false).generate(config), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + configFile, e);
        }
        List<String> jvmArgs = new ArrayList<>(ChildJvm.projectJvmFlags());
        jvmArgs.addAll(PROCESS_JVM_ARGS);
        ChildJvm child = ChildJvm.start("Hazelcast member " + address, jvmArgs, HazelcastMemberMain.class,
                List.of(configFile.toString()), dir.resolve(name + ".log"));
        HazelcastMemberProcess process = new HazelcastMemberProcess(child, address);
        synchronized (this) {
            processes.add(process);
        }
        try {
            awaitProcessJoined(process);
        } catch (RuntimeException e) {
            process.close();
            throw new IllegalStateException("Member process " + address + " did not join cluster " + clusterName
                    + " within " + PROCESS_JOIN_TIMEOUT + System.lineSeparator() + process.logTail(), e);
        }
        return process;
    }

    private void awaitProcessJoined(HazelcastMemberProcess process) {
        HazelcastInstance observer = member(0);
        await("member process " + process.address() + " seen by " + observer.getName())
                .atMost(PROCESS_JOIN_TIMEOUT)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(100))
                .failFast("member process " + process.address() + " exited", () -> !process.isAlive())
                .until(() -> observer.getCluster().getMembers().stream()
                        .anyMatch(m -> addressOf(m).equals(process.address())));
    }

    /**
     * A new configuration for one more member of this cluster: a fresh free port, the addresses of the
     * live members to join through, the customizer applied. Each call returns a new object.
     */
    public synchronized Config memberConfig() {
        List<String> joinAddresses = new ArrayList<>();
        for (HazelcastInstance member : members()) {
            joinAddresses.add(addresses.get(member));
        }
        for (HazelcastMemberProcess process : processes) {
            if (process.isAlive()) {
                joinAddresses.add(process.address());
            }
        }
        int port = FreePorts.pick();
        joinAddresses.add("127.0.0.1:" + port);
        Config config = HazelcastMemberConfigs.create(clusterName, clusterName + "-m" + (++memberCounter), port,
                joinAddresses);
        customizer.accept(config);
        return config;
    }

    /** The cluster name, unique per {@code HazelcastCluster}. */
    public String clusterName() {
        return clusterName;
    }

    private void awaitMembership(UUID uuid, boolean present) {
        try {
            await("every member of " + clusterName + (present ? " lists " : " no longer lists ") + uuid)
                    .atMost(MEMBERSHIP_TIMEOUT)
                    .pollInSameThread()
                    .pollInterval(POLL_INTERVAL)
                    .until(() -> members().stream().allMatch(m -> lists(m, uuid) == present));
        } catch (ConditionTimeoutException e) {
            // Kept in the test's output file: which of the members' threads held up the membership change.
            System.err.println("Threads of cluster " + clusterName + " when its membership did not settle:"
                    + ThreadDumps.of(name -> name.contains(clusterName)));
            throw new IllegalStateException("Cluster " + clusterName + " membership did not settle: " + views(), e);
        }
    }

    private static boolean lists(HazelcastInstance observer, UUID uuid) {
        return observer.getCluster().getMembers().stream().anyMatch(m -> m.getUuid().equals(uuid));
    }

    private String views() {
        StringBuilder views = new StringBuilder();
        for (HazelcastInstance member : members()) {
            views.append(System.lineSeparator()).append(member.getName()).append(" sees ")
                    .append(member.getCluster().getMembers());
        }
        return views.toString();
    }

    private static String addressOf(Config config) {
        return "127.0.0.1:" + config.getNetworkConfig().getPort();
    }

    private static String addressOf(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    /** Terminates every member in this JVM, kills every member process, deletes the temporary files. */
    @Override
    public void close() {
        List<HazelcastInstance> toTerminate;
        List<HazelcastMemberProcess> toKill;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toTerminate = new ArrayList<>(members);
            toKill = new ArrayList<>(processes);
            members.clear();
            addresses.clear();
            processes.clear();
        }
        RuntimeException failure = null;
        for (HazelcastMemberProcess process : toKill) {
            try {
                process.close();
            } catch (RuntimeException e) {
                failure = addTo(failure, e);
            }
        }
        for (int i = toTerminate.size() - 1; i >= 0; i--) {
            try {
                toTerminate.get(i).getLifecycleService().terminate();
            } catch (RuntimeException e) {
                failure = addTo(failure, e);
            }
        }
        try {
            TempDirs.deleteRecursively(dir);
        } catch (RuntimeException e) {
            failure = addTo(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException addTo(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public String toString() {
        return "HazelcastCluster[" + clusterName + ", " + members().size() + " members in this JVM]";
    }
}
