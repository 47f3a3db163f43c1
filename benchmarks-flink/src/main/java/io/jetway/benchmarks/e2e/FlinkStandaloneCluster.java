package io.jetway.benchmarks.e2e;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A standalone Flink session cluster of child JVMs on this machine, for failures that kill a process: one
 * JobManager ({@code StandaloneSessionClusterEntrypoint}) and {@value #TASK_MANAGERS} TaskManagers
 * ({@code TaskManagerRunner}) with {@link FlinkConfig#PARALLELISM} slots each, started as the other engines' child
 * JVMs ({@link VariantLauncher#startChild}: on this JVM's class path, so the jobs' classes are there), bound to
 * 127.0.0.1 on free ports. Slots are spread evenly over the TaskManagers ({@code taskmanager.load-balance.mode: SLOTS}), so a job of
 * parallelism {@link FlinkConfig#PARALLELISM} runs a subtask on each; heartbeats every {@code heartbeatSeconds}, a
 * silent TaskManager lost after {@code failureTimeoutSeconds}. Jobs are submitted through its REST endpoint (a
 * remote environment) and watched over REST ({@code /jobs/<id>}).
 */
final class FlinkStandaloneCluster implements AutoCloseable {

    static final int TASK_MANAGERS = 2;
    private static final String LOOPBACK = "127.0.0.1";
    private static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final long START_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(2);

    private final int restPort;
    private final List<Process> processes = new ArrayList<>();     // the JobManager first
    private final List<String> logs = new ArrayList<>();    // each process's log name under <tmp>/jetway-bench-logs
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private FlinkStandaloneCluster(int restPort) {
        this.restPort = restPort;
    }

    /**
     * Writes the cluster's {@code config.yaml} under {@code dir}, starts its processes (logs in
     * {@code <tmp>/jetway-bench-logs/<name>-*.log}) and waits until every TaskManager has registered.
     */
    static FlinkStandaloneCluster start(Path dir, String name, int heartbeatSeconds, int failureTimeoutSeconds)
            throws Exception {
        int restPort = freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("jobmanager.rpc.address", LOOPBACK);
        settings.put("jobmanager.rpc.port", Integer.toString(freePort()));
        settings.put("jobmanager.bind-host", LOOPBACK);
        settings.put("rest.address", LOOPBACK);
        settings.put("rest.bind-address", LOOPBACK);
        settings.put("rest.port", Integer.toString(restPort));
        settings.put("taskmanager.host", LOOPBACK);
        settings.put("taskmanager.bind-host", LOOPBACK);
        settings.put("taskmanager.numberOfTaskSlots", Integer.toString(FlinkConfig.PARALLELISM));
        // Flink's budgets, which its start scripts would compute and pass; the heap itself is the -Xmx below
        settings.put("jobmanager.memory.process.size", "1600m");
        settings.put("taskmanager.cpu.cores", Integer.toString(FlinkConfig.PARALLELISM));
        settings.put("taskmanager.memory.framework.heap.size", "128m");
        settings.put("taskmanager.memory.framework.off-heap.size", "128m");
        settings.put("taskmanager.memory.jvm-metaspace.size", "256m");
        settings.put("taskmanager.memory.jvm-overhead.min", "192m");
        settings.put("taskmanager.memory.jvm-overhead.max", "192m");
        settings.put("taskmanager.memory.task.heap.size", "256m");
        settings.put("taskmanager.memory.task.off-heap.size", "0m");
        settings.put("taskmanager.memory.network.min", "64m");
        settings.put("taskmanager.memory.network.max", "64m");
        settings.put("taskmanager.memory.managed.size", "128m");
        settings.put("taskmanager.load-balance.mode", "SLOTS");
        settings.put("heartbeat.interval", Long.toString(TimeUnit.SECONDS.toMillis(heartbeatSeconds)));
        settings.put("heartbeat.timeout", Long.toString(TimeUnit.SECONDS.toMillis(failureTimeoutSeconds)));
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        StringBuilder yaml = new StringBuilder();
        settings.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml);

        FlinkStandaloneCluster cluster = new FlinkStandaloneCluster(restPort);
        try {
            cluster.startProcess(JOB_MANAGER_MAIN, conf, name + "-jobmanager");
            for (int i = 0; i < TASK_MANAGERS; i++) {
                cluster.startProcess(TASK_MANAGER_MAIN, conf, name + "-taskmanager" + i);
            }
            cluster.awaitTaskManagers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startProcess(String mainClass, Path conf, String logName) throws IOException {
        processes.add(VariantLauncher.startChild(mainClass, List.of("--configDir", conf.toString()), logName));
        logs.add(logName);
    }

    // Until the REST endpoint answers and lists every TaskManager with all its slots.
    private void awaitTaskManagers() throws Exception {
        long start = System.nanoTime();
        String last = "no answer";
        while (true) {
            checkAlive();
            try {
                JsonNode overview = get("/overview");
                if (overview.path("taskmanagers").asInt() == TASK_MANAGERS
                        && overview.path("slots-total").asInt() == TASK_MANAGERS * FlinkConfig.PARALLELISM) {
                    return;
                }
                last = overview.toString();
            } catch (IOException e) {
                last = e.toString();                 // not listening yet
            }
            if (System.nanoTime() - start > START_TIMEOUT_NS) {
                throw new IllegalStateException("Flink cluster not ready within " + START_TIMEOUT_NS / 1_000_000_000
                        + " s; last /overview: " + last + "; logs: " + logs);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private void checkAlive() {
        for (int i = 0; i < processes.size(); i++) {
            if (!processes.get(i).isAlive()) {
                throw new IllegalStateException("Flink process " + i + " exited with " + processes.get(i).exitValue()
                        + "; see its log " + logs.get(i) + ".log");
            }
        }
    }

    /** Builds a job into a remote environment of this cluster with {@code config} and submits it as {@code name}. */
    JobClient submit(Configuration config, String name, Consumer<StreamExecutionEnvironment> build) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(LOOPBACK, restPort,
                config);
        build.accept(env);
        return env.executeAsync(name);
    }

    /** The job's status over REST: its state, and whether every task of every vertex is {@code RUNNING}. */
    JobState state(JobID job) throws IOException {
        JsonNode details = get("/jobs/" + job);
        JsonNode counts = details.path("status-counts");
        boolean allRunning = counts.path("RUNNING").asInt() > 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> count = it.next();
            allRunning &= count.getKey().equals("RUNNING") || count.getValue().asInt() == 0;
        }
        return new JobState(details.path("state").asText(), allRunning);
    }

    /** Kills TaskManager {@code index}'s JVM with SIGKILL; returns {@code System.nanoTime()} right before. */
    long killTaskManager(int index) throws InterruptedException {
        Process victim = processes.get(1 + index);
        long now = System.nanoTime();
        victim.destroyForcibly();
        victim.waitFor();
        return now;
    }

    /** Whether the JobManager's JVM runs. */
    boolean jobManagerAlive() {
        return processes.get(0).isAlive();
    }

    private JsonNode get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + restPort + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: GET " + path, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroyForcibly();
            processes.get(i).waitFor();
        }
    }

    /** A job's state ({@code RUNNING}, {@code FAILED}, ...) and whether all its tasks run. */
    record JobState(String state, boolean allTasksRunning) {

        /** Whether the job has ended for good. */
        boolean ended() {
            return state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED");
        }
    }
}
