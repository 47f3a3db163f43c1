package io.jetway.examples.fraud;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.metrics.Measurement;
import io.jetway.testing.JetJobs;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows the run while it goes: events produced, events read by the job's current execution (a restart reads
 * again from its snapshot's offsets, so this starts over), consumer lag, the last completed snapshot, the
 * state restore when one runs. Updated in place on a terminal, one line every two seconds otherwise.
 */
final class Progress implements AutoCloseable {

    private final PrintStream out;
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String note = "";

    Progress(PrintStream out, HazelcastInstance member, Job job, AtomicLong produced) {
        this.out = out;
        this.terminal = System.console() != null;
        this.thread = new Thread(() -> loop(member, job, produced), "jetway-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A short word on what the run is doing now, e.g. "member 2 terminated". */
    void note(String text) {
        note = text;
    }

    private void loop(HazelcastInstance member, Job job, AtomicLong produced) {
        long periodNs = terminal ? 500_000_000L : 2_000_000_000L;
        long next = System.nanoTime();
        while (running) {
            if (System.nanoTime() - next >= 0) {
                next += periodNs;
                String line = line(member, job, produced.get());
                if (terminal) {
                    out.print("\r" + line + "   ");
                } else {
                    out.println(line);
                }
                out.flush();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
    }

    private String line(HazelcastInstance member, Job job, long produced) {
        long read = 0;
        long lag = 0;
        long restored = -1;
        try {
            for (Measurement m : job.getMetrics().get("kafkaRecordsIn")) {
                read += m.value();
            }
            for (Measurement m : job.getMetrics().get("kafkaPartitionLag")) {
                lag += Math.max(0, m.value());
            }
            for (Measurement m : job.getMetrics().get("changelog.restore.records")) {
                restored = Math.max(restored, 0) + m.value();   // changelog records read back so far
            }
        } catch (RuntimeException e) {
            // the job is restarting: show what is known
        }
        long snapshot = JetJobs.lastSnapshotId(member, job);
        return String.format(Locale.ROOT, "[jetway] produced %,d | read since (re)start %,d | lag %,d | snapshot %s | job %s%s%s",
                produced, read, lag, snapshot < 0 ? "-" : Long.toString(snapshot), job.getStatus(),
                restored >= 0 ? " | restored " + restored : "", note.isEmpty() ? "" : " | " + note);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminal) {
            out.println();
        }
    }
}
