package io.jetway.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for a Flink variant's checkpoints and changelog, deleted with everything in it on close. */
final class FlinkWorkDir implements AutoCloseable {

    private final Path path;

    private FlinkWorkDir(Path path) {
        this.path = path;
    }

    /** A new directory under {@code java.io.tmpdir}. */
    static FlinkWorkDir create(String prefix) throws IOException {
        return new FlinkWorkDir(Files.createTempDirectory(prefix));
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + path + ": " + e);
        }
    }
}
