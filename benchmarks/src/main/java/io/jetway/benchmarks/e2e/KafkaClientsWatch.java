package io.jetway.benchmarks.e2e;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Which Kafka clients are open in this JVM: each producer, consumer and admin client registers an
 * {@code app-info} MBean under its client id when created and removes it when closed.
 */
final class KafkaClientsWatch {

    private static final List<String> DOMAINS = List.of("kafka.producer", "kafka.consumer", "kafka.admin.client");
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final String ignoredClientId;

    /** @param ignoredClientId the client id of the watcher's own clients, which stay open */
    KafkaClientsWatch(String ignoredClientId) {
        this.ignoredClientId = ignoredClientId;
    }

    /** The {@code app-info} MBean names of the open clients but the ignored ones. */
    List<String> open() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> open = new ArrayList<>();
        for (String domain : DOMAINS) {
            for (ObjectName n : server.queryNames(new ObjectName(domain + ":type=app-info,*"), null)) {
                if (!n.toString().contains(ignoredClientId)) {
                    open.add(n.toString());
                }
            }
        }
        return open;
    }

    /** Waits until {@link #open()} is empty, sampling every 5 ms; fails, naming {@code when}, after 60 s. */
    void awaitNoneOpen(String when) throws Exception {
        long startNs = System.nanoTime();
        List<String> open;
        while (!(open = open()).isEmpty()) {
            if (System.nanoTime() - startNs > TIMEOUT_NS) {
                throw new IllegalStateException("Kafka clients still open " + when + ": " + open);
            }
            LockSupport.parkNanos(SAMPLE_NS);
        }
    }
}
