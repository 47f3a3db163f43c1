package io.jetway.benchmarks.e2e;

import com.hazelcast.jet.Job;

import java.util.List;

/**
 * The restore measurement of the {@code kafka-changelog} variants: restart the job twice (the first restore
 * warms up the restore path, the second is measured), cancel it, then read the same changelog twice with a
 * bare consumer (the second read is measured). The measured restore must apply exactly the records the
 * bare consumer reads (the committed changelog), and at least one per key of the state. With no warm-up
 * asked for (smoke runs), each is done once.
 */
final class ChangelogRestoreStep {

    private ChangelogRestoreStep() {
    }

    /**
     * Measures and returns {@code restore_ms}, {@code restore_rate}, {@code changelog_read_ms},
     * {@code changelog_read_rate}.
     *
     * @param stateKeys the keys of the job's state: the changelog holds at least one record for each
     */
    static List<Measurement.Metric> measure(Job job, String bootstrap, String changelogTopic, long stateKeys,
                                            boolean warmUp) {
        long expected = RestoreProbe.ANY_COUNT;
        if (warmUp) {
            RestoreProbe.Restore warm = RestoreProbe.restartAndMeasure(job, RestoreProbe.ANY_COUNT);
            System.err.println(job.getName() + ": warm-up restore " + warm);
            expected = warm.records();
        }
        RestoreProbe.Restore restore = RestoreProbe.restartAndMeasure(job, expected);
        System.err.println(job.getName() + ": measured restore " + restore);
        JetRuns.cancel(job);
        if (warmUp) {
            ChangelogReader.readAll(bootstrap, changelogTopic);
        }
        RestoreProbe.Restore read = ChangelogReader.readAll(bootstrap, changelogTopic);
        System.err.println(job.getName() + ": bare read of " + changelogTopic + " " + read);
        if (read.records() != restore.records() || read.records() < stateKeys) {
            throw new IllegalStateException("a bare consumer read " + read.records() + " records of changelog '"
                    + changelogTopic + "'; the restore applied " + restore.records() + " and the state has "
                    + stateKeys + " keys");
        }
        return List.of(new Measurement.Metric("restore_ms", "ms", restore.millis()),
                new Measurement.Metric("restore_rate", "records/s", restore.rate()),
                new Measurement.Metric("changelog_read_ms", "ms", read.millis()),
                new Measurement.Metric("changelog_read_rate", "records/s", read.rate()),
                new Measurement.Metric("changelog_records", "records", read.records()));
    }
}
