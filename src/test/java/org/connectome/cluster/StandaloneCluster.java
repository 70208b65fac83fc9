package org.connectome.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Spark standalone cluster on 127.0.0.1 made of Maven jars alone: a Spark "installation" whose jars/ is
 * empty (the jars come from SPARK_DIST_CLASSPATH, as in Spark's "Hadoop free" builds) and whose bin/spark-submit
 * runs Spark's launcher; a Master and Workers as separate JVMs on free ports; executors are JVMs the Workers
 * launch. Submissions go through the project's submit/connectome-submit, as a user's would.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String HOST = "127.0.0.1";
    /**
     * The client compiler only: these JVMs live for seconds on 2 cores, and the optimizing compiler would double
     * their CPU time.
     */
    static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    private final ClusterTestSettings settings;
    private final ManagedProcesses processes;
    private final Path dir;
    private final Path sparkHome;
    private final Path eventLogs;
    private final int masterPort;
    private final int masterUiPort;
    private final List<Integer> workerUiPorts = new ArrayList<>();
    private final List<Path> workerDirs = new ArrayList<>();
    private final List<Process> workerProcesses = new ArrayList<>();

    private StandaloneCluster(ClusterTestSettings settings, ManagedProcesses processes, Path dir) throws IOException {
        this.settings = settings;
        this.processes = processes;
        this.dir = dir;
        this.sparkHome = dir.resolve("spark-home");
        this.eventLogs = dir.resolve("event-logs");
        this.masterPort = freePort();
        this.masterUiPort = freePort();
        Files.createDirectories(eventLogs);
    }

    /** Prepares the Spark installation, which spark-submit runs (also for local runs) before any daemon starts. */
    static StandaloneCluster install(ClusterTestSettings settings, ManagedProcesses processes, Path dir)
            throws IOException {
        StandaloneCluster cluster = new StandaloneCluster(settings, processes, dir);
        cluster.install();
        return cluster;
    }

    /**
     * Starts a master and {@code workers} workers of {@code cores} cores and {@code memory} each, and waits until
     * every worker has registered.
     */
    void start(int workers, int cores, String memory) throws IOException, InterruptedException {
        startMaster();
        for (int i = 0; i < workers; i++) {
            startWorker(i, cores, memory);
        }
        awaitWorkers(workers, Duration.ofSeconds(120));
    }

    String masterUrl() {
        return "spark://" + HOST + ":" + masterPort;
    }

    Path dir() {
        return dir;
    }

    List<Path> workerDirs() {
        return workerDirs;
    }

    List<Integer> workerUiPorts() {
        return workerUiPorts;
    }

    /** The event log of an application (uncompressed, not rolled: one JSON event per line). */
    Path eventLog(String applicationId) {
        return eventLogs.resolve(applicationId);
    }

    /** The master's status page as JSON. */
    JsonNode masterStatus() throws IOException, InterruptedException {
        return getJson("http://" + HOST + ":" + masterUiPort + "/json/");
    }

    /**
     * Runs {@code submit/connectome-submit} with the given spark-submit options and connectome command, against
     * this cluster's installation (whose spark-defaults.conf names this master), and waits for its end.
     */
    ManagedProcesses.Result submit(String name, List<String> arguments, Duration timeout)
            throws IOException, InterruptedException {
        return await(startSubmit(name, arguments), name, timeout);
    }

    /** Starts a submission without waiting for it. */
    Process startSubmit(String name, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(settings.projectHome().resolve("submit/connectome-submit").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        isolate(builder.environment());
        builder.environment().put("CONNECTOME_JAR", settings.applicationJar().toString());
        return processes.start(builder, dir.resolve(name));
    }

    ManagedProcesses.Result await(Process submission, String name, Duration timeout)
            throws IOException, InterruptedException {
        return processes.await(submission, dir.resolve(name), timeout);
    }

    @Override
    public void close() {
        processes.close();
    }

    /** SPARK_HOME with an empty jars/, the launcher-based bin/spark-submit, and the site's spark-defaults.conf. */
    private void install() throws IOException {
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.createDirectories(sparkHome.resolve("bin"));
        Files.createDirectories(sparkHome.resolve("conf"));
        Path submit = sparkHome.resolve("bin/spark-submit");
        try (InputStream script = StandaloneCluster.class.getResourceAsStream("spark-submit")) {
            if (script == null) {
                throw new IllegalStateException("test resource org/connectome/cluster/spark-submit is missing");
            }
            Files.copy(script, submit, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        // What a site would keep in $SPARK_HOME/conf/spark-defaults.conf; connectome-submit loads it along with
        // the project's cluster settings (--load-spark-defaults).
        Map<String, String> site = new LinkedHashMap<>();
        site.put("spark.master", masterUrl());
        site.put("spark.driver.host", HOST);
        site.put("spark.driver.bindAddress", HOST);
        site.put("spark.ui.enabled", "false");
        site.put("spark.eventLog.enabled", "true");
        site.put("spark.eventLog.dir", eventLogs.toUri().toString());
        site.put("spark.eventLog.compress", "false");
        site.put("spark.eventLog.rolling.enabled", "false");
        site.put("spark.executor.extraJavaOptions", QUICK_START);
        // Jobs start once every executor has registered, so that work spreads over both workers.
        site.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        StringBuilder defaults = new StringBuilder("# The test cluster's site settings.\n");
        site.forEach((key, value) -> defaults.append(key).append(' ').append(value).append('\n'));
        Files.writeString(sparkHome.resolve("conf/spark-defaults.conf"), defaults);
    }

    /** This cluster's Spark environment, and none of the machine's (a Spark or Hadoop installation, a master). */
    private void isolate(Map<String, String> environment) {
        for (String inherited : List.of("HADOOP_CONF_DIR", "YARN_CONF_DIR", "HADOOP_HOME", "MASTER", "SPARK_REMOTE",
                "DEPLOY_MODE", "SPARK_LAUNCHER_OPTS", "CONNECTOME_SPARK_CONF", "CONNECTOME_LOG4J", "CONNECTOME_JAR")) {
            environment.remove(inherited);
        }
        environment.putAll(sparkEnvironment());
    }

    private Map<String, String> sparkEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("SPARK_HOME", sparkHome.toString());
        environment.put("SPARK_SCALA_VERSION", "2.13");
        environment.put("SPARK_DIST_CLASSPATH", settings.sparkClasspath());
        environment.put("SPARK_LOCAL_IP", HOST);
        environment.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        environment.put("SPARK_SUBMIT_OPTS", QUICK_START); // the JVM spark-submit starts: the driver here
        return environment;
    }

    private ProcessBuilder daemon(String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(settings.javaBinary().toString());
        command.add("-Xmx256m");
        command.add(QUICK_START);
        command.addAll(settings.jvmFlags());
        // Neither the REST submission server (a fixed port by default) nor anything else outside 127.0.0.1.
        command.add("-Dspark.master.rest.enabled=false");
        command.add("-cp");
        command.add(sparkHome.resolve("conf") + ":" + settings.sparkClasspath());
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        isolate(builder.environment());
        return builder;
    }

    private void startMaster() throws IOException {
        processes.start(daemon("org.apache.spark.deploy.master.Master", List.of("--host", HOST, "--port",
                Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort))), dir.resolve("master"));
    }

    private void startWorker(int index, int cores, String memory) throws IOException {
        int uiPort = freePort();
        Path work = Files.createDirectories(dir.resolve("worker-" + index));
        workerUiPorts.add(uiPort);
        workerDirs.add(work);
        workerProcesses.add(processes.start(daemon("org.apache.spark.deploy.worker.Worker", List.of("--host", HOST,
                "--webui-port", Integer.toString(uiPort), "--cores", Integer.toString(cores), "--memory", memory,
                "--work-dir", work.toString(), masterUrl())), dir.resolve("worker-" + index)));
    }

    private void awaitWorkers(int workers, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode status = masterStatus();
                last = status.toString();
                if (status.path("aliveworkers").asInt() == workers) {
                    return;
                }
            } catch (IOException notUpYet) {
                last = notUpYet.toString();
            }
            for (Process worker : workerProcesses) {
                if (!worker.isAlive()) {
                    throw new IllegalStateException("a worker exited with code " + worker.exitValue() + "; see "
                            + dir);
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the workers did not register within " + timeout + ": " + last + "; see " + dir);
    }

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
