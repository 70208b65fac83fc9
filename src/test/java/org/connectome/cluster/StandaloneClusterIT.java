package org.connectome.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.client.HdfsAdmin;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.connectome.SparkTestBase;
import org.connectome.model.EdgeTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application jar under spark-submit on a real multi-process Spark standalone cluster (a Master and two
 * Workers of 1 core and 1 GB on 127.0.0.1, executors launched by the workers), built from Maven jars alone;
 * writing to the local file system and to a real HDFS (MiniDFSCluster); losing an executor mid-job; and failing
 * for good when the file system refuses the data. Every output is compared row for row with a local[1] run of
 * the same seed.
 */
class StandaloneClusterIT {
    private static final long SEED = 8_675_309L;
    private static final int NEURONS = 3000;
    /** 3000 neurons, p = 0.02: 180,000 synapses; 3 inputs and 2 outputs. */
    private static final List<String> MODEL = List.of("--neurons", Integer.toString(NEURONS), "--p", "0.02",
            "--inputs", "3", "--outputs", "2", "--seed", Long.toString(SEED));
    private static final Map<EdgeTable, Long> ROWS = Map.of(EdgeTable.RECURRENT, 180_000L, EdgeTable.INPUT,
            3L * NEURONS, EdgeTable.OUTPUT, 2L * NEURONS, EdgeTable.NEURONS, (long) NEURONS);
    /** Sized for the workers (the cluster template asks for 4 cores and 4 GB per executor). */
    private static final List<String> SMALL_EXECUTORS = List.of("--executor-cores", "1", "--executor-memory", "1g",
            "--driver-memory", "768m");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    /** SPEC 4: part-SSSSS-FFF.parquet, the slice and the file within it. */
    private static final Pattern PART_FILE = Pattern.compile("part-\\d{5}-\\d{3}\\.parquet");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ClusterTestSettings settings;
    private static ManagedProcesses processes;
    private static StandaloneCluster cluster;
    private static MiniDFSCluster hdfs;
    private static String hdfsUri;
    private static Path work;
    private static Path reference;
    private static ManagedProcesses.Result referenceRun;

    @BeforeAll
    static void startClusters() throws Exception {
        settings = ClusterTestSettings.fromBuild();
        work = Files.createTempDirectory(settings.workRoot(), "run-");
        processes = new ManagedProcesses();
        cluster = StandaloneCluster.install(settings, processes, work);
        // The local[1] reference runs through the same spark-submit while the cluster and HDFS start.
        reference = work.resolve("local/net");
        Files.createDirectories(reference.getParent());
        List<String> local = new ArrayList<>(List.of("--master", "local[1]", "generate"));
        local.addAll(MODEL);
        local.addAll(List.of("--out", reference.toString()));
        Process referenceProcess = cluster.startSubmit("local-run", local);
        try {
            cluster.start(2, 1, "1g");
            hdfs = startHdfs(work.resolve("hdfs"));
            referenceRun = cluster.await(referenceProcess, "local-run", RUN_TIMEOUT);
        } catch (Exception | Error e) {
            stopClusters();
            throw e;
        }
        assertEquals(0, referenceRun.exitCode(), "the local[1] reference run failed: " + referenceRun.describe());
    }

    @AfterAll
    static void stopClusters() {
        if (processes != null) {
            processes.close();
        }
        if (hdfs != null) {
            hdfs.shutdown(true);
            hdfs = null;
        }
        List<String> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(process -> process.pid() + " " + process.info().command().orElse("?")).toList();
        assertEquals(List.of(), left, "processes left running");
    }

    @Test
    void localRunThroughSparkSubmitIsComplete() throws IOException {
        JsonNode manifest = manifest(reference.toUri().toString());
        assertEquals("local[1]", manifest.path("run").path("master").asText());
        assertEquals(settings.version(), manifest.path("generator").path("version").asText(),
                "connectome.json records the project version");
        assertQuietConsole(referenceRun);
        assertCleanOutput(reference.toUri().toString(), manifest);
    }

    /**
     * The cluster run loses the executor running slice 1 of the recurrent table after that task wrote its file
     * and before it published it. The job must finish on the remaining executors with exactly the rows of the
     * local run, one file per slice, and nothing left of the lost attempt.
     */
    @Test
    void clusterRunSurvivesExecutorLossWithTheRowsOfTheLocalRun() throws Exception {
        Path faultJar = faultJar(work.resolve("fault.jar"));
        Path out = work.resolve("cluster/net");
        Files.createDirectories(out.getParent());
        List<String> arguments = new ArrayList<>(SMALL_EXECUTORS);
        arguments.addAll(List.of("--driver-class-path", faultJar.toString(),
                "--conf", "spark.executor.extraClassPath=" + faultJar,
                "--conf", "spark.hadoop.fs.file.impl=" + KillExecutorOnceFileSystem.class.getName(),
                "--conf", "spark.hadoop.fs.file.impl.disable.cache=true",
                "generate"));
        arguments.addAll(MODEL);
        // 6 partitions of the recurrent table, cut differently from the local run's single one.
        arguments.addAll(List.of("--partitions", "6", "--block-rows", "10000", "--out", out.toString()));
        ManagedProcesses.Result run = cluster.submit("cluster-run", arguments, RUN_TIMEOUT);
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stdout().contains("connectome: wrote 180,000 synapses of 3,000 neurons"), run.describe());
        assertQuietConsole(run);

        JsonNode manifest = manifest(out.toUri().toString());
        assertEquals(cluster.masterUrl(), manifest.path("run").path("master").asText());
        assertEquals(6, manifest.path("run").path("partitions").path("recurrent").asInt());
        String application = manifest.path("run").path("application_id").asText();

        // Executors ran in JVMs the two workers launched, and every task ran on one of them.
        EventLog events = EventLog.read(cluster.eventLog(application));
        Map<String, String> executors = events.executorsAdded();
        for (int i = 0; i < 2; i++) {
            String workerUi = ":" + cluster.workerUiPorts().get(i) + "/";
            assertTrue(executors.values().stream().anyMatch(url -> url.contains(workerUi)),
                    "no executor of worker " + i + " in " + executors);
            Path appDir = cluster.workerDirs().get(i).resolve(application);
            try (Stream<Path> executorDirs = Files.list(appDir)) {
                assertTrue(executorDirs.anyMatch(dir -> Files.isRegularFile(dir.resolve("stderr"))),
                        "worker " + i + " launched no executor in " + appDir);
            }
        }
        List<EventLog.TaskEnd> tasks = events.taskEnds();
        assertFalse(tasks.isEmpty());
        assertTrue(tasks.stream().allMatch(task -> executors.containsKey(task.executor())), tasks.toString());

        // One job writes all four tables, a task per slice (6 of them recurrent).
        // The first attempt of recurrent slice 1 was lost with its executor (one core, so the only task lost), a
        // second one on another executor succeeded, and every task succeeded exactly once.
        Set<Integer> writeStages = events.stagesOfFirstJob("connectome: write the tables");
        List<EventLog.TaskEnd> write = tasks.stream().filter(task -> writeStages.contains(task.stage())).toList();
        List<EventLog.TaskEnd> failed = write.stream().filter(task -> !task.succeeded()).toList();
        assertEquals(1, failed.size(), write.toString());
        EventLog.TaskEnd lost = failed.get(0);
        assertEquals(0, lost.attempt(), write.toString());
        assertEquals("ExecutorLostFailure", lost.reason(), write.toString());
        assertTrue(events.executorsRemoved().containsKey(lost.executor()), events.executorsRemoved().toString());
        EventLog.TaskEnd retried = write.stream().filter(task -> task.partition() == lost.partition()
                && task.succeeded()).findFirst().orElseThrow(() -> new AssertionError(write.toString()));
        assertNotEquals(lost.executor(), retried.executor());
        assertTrue(retried.attempt() > 0);
        int taskCount = Arrays.stream(EdgeTable.values())
                .mapToInt(table -> manifest.path("run").path("partitions").path(table.tableName()).asInt()).sum();
        assertTrue(write.stream().allMatch(task -> task.partition() < taskCount), write.toString());
        for (int partition = 0; partition < taskCount; partition++) {
            int p = partition;
            assertEquals(1L, write.stream().filter(task -> task.partition() == p && task.succeeded()).count(),
                    "successful attempts of task " + p + ": " + write);
        }
        Path lostLog = findExecutorDir(application, lost.executor()).resolve("stderr");
        assertTrue(Files.readString(lostLog).contains("KillExecutorOnceFileSystem: killing executor process"),
                "the lost executor did not die of the test fault: " + lostLog);

        assertCleanOutput(out.toUri().toString(), manifest);
        assertSameRows(reference.toUri().toString(), out.toUri().toString());
    }

    @Test
    void clusterRunWritesHdfsWithTheRowsOfTheLocalRun() throws Exception {
        String out = hdfsUri + "/nets/n3000";
        List<String> arguments = new ArrayList<>(SMALL_EXECUTORS);
        arguments.addAll(List.of("--conf", "spark.hadoop.dfs.replication=1", "generate"));
        arguments.addAll(MODEL);
        arguments.addAll(List.of("--block-rows", "30000", "--out", out));
        ManagedProcesses.Result run = cluster.submit("hdfs-run", arguments, RUN_TIMEOUT);
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stdout().contains(out), run.describe());

        JsonNode manifest = manifest(out);
        assertEquals(cluster.masterUrl(), manifest.path("run").path("master").asText());
        assertCleanOutput(out, manifest);
        assertSameRows(reference.toUri().toString(), out);
    }

    /**
     * HDFS refuses the data (a space quota smaller than one block): every task attempt fails, the job fails for
     * good, and nothing that looks like a connectome is left: no target directory, no connectome.json, no staging.
     */
    @Test
    void runRefusedByTheFileSystemFailsWithoutLeavingOutput() throws Exception {
        org.apache.hadoop.fs.Path refused = new org.apache.hadoop.fs.Path(hdfsUri + "/refused");
        FileSystem fileSystem = refused.getFileSystem(hdfsConfiguration());
        assertTrue(fileSystem.mkdirs(refused));
        new HdfsAdmin(fileSystem.getUri(), hdfsConfiguration()).setSpaceQuota(refused, 1L << 20);

        List<String> arguments = new ArrayList<>(SMALL_EXECUTORS);
        arguments.addAll(List.of("--conf", "spark.hadoop.dfs.replication=1", "generate"));
        arguments.addAll(MODEL);
        // Two partitions, one per executor: the job fails while the other task may still run.
        arguments.addAll(List.of("--partitions", "2", "--block-rows", "30000", "--out", refused + "/net"));
        ManagedProcesses.Result run = cluster.submit("refused-run", arguments, RUN_TIMEOUT);

        assertEquals(1, run.exitCode(), run.describe());
        List<String> messages = run.stderr().lines().filter(line -> line.startsWith("generate: ")).toList();
        assertEquals(1, messages.size(), run.describe());
        assertTrue(messages.get(0).startsWith("generate: failed: ") && messages.get(0).contains("quota"),
                messages.get(0));
        assertFalse(run.stdout().contains("connectome: wrote"), run.describe());
        // conf/log4j2.properties: one line per logged event, no stack traces between the job's lines.
        assertEquals(List.of(), run.stderr().lines().filter(line -> line.startsWith("\tat ")).toList(),
                "stack traces on the console");
        assertEquals(List.of(), everything(fileSystem, refused), "left after the failed run");
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static MiniDFSCluster startHdfs(Path base) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        conf.setInt("dfs.replication", 1);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).build();
        cluster.waitActive();
        hdfsUri = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        return cluster;
    }

    private static Configuration hdfsConfiguration() {
        Configuration conf = new Configuration();
        conf.setInt("dfs.replication", 1);
        return conf;
    }

    private static JsonNode manifest(String connectome) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(connectome, "connectome.json");
        try (InputStream in = path.getFileSystem(hdfsConfiguration()).open(path)) {
            return JSON.readTree(in);
        }
    }

    /** The console of a successful run: the job's lines and warnings, none of Spark's INFO logging. */
    private static void assertQuietConsole(ManagedProcesses.Result run) {
        List<String> info = Stream.concat(run.stdout().lines(), run.stderr().lines())
                .filter(line -> line.matches(".*\\bINFO\\b.*")).toList();
        assertEquals(List.of(), info, "INFO lines on the console");
    }

    /**
     * A published connectome holds its four tables and connectome.json, each table exactly one part file per
     * slice the manifest records (no duplicate from a retried task) and nothing else (no attempt files);
     * nothing else is left beside it (no staging directory).
     */
    private static void assertCleanOutput(String connectome, JsonNode manifest) throws IOException {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(connectome);
        FileSystem fileSystem = root.getFileSystem(hdfsConfiguration());
        assertEquals(List.of(root.getName()), names(fileSystem.listStatus(root.getParent())),
                "beside the output in " + root.getParent());
        Set<String> expectedRoot = new TreeSet<>(Set.of("connectome.json", "recurrent", "input", "output", "neurons"));
        assertEquals(expectedRoot, withoutChecksums(names(fileSystem.listStatus(root))), "in " + root);
        for (EdgeTable table : EdgeTable.values()) {
            FileStatus[] files = fileSystem.listStatus(new org.apache.hadoop.fs.Path(root, table.tableName()));
            assertTrue(Arrays.stream(files).allMatch(FileStatus::isFile), "a directory in " + table.tableName()
                    + ": " + names(files));
            List<String> names = withoutChecksums(names(files)).stream().toList();
            List<String> parts = names.stream().filter(name -> PART_FILE.matcher(name).matches()).toList();
            assertEquals(manifest.path("run").path("partitions").path(table.tableName()).asInt(), parts.size(),
                    table.tableName() + " files: " + names);
            assertEquals(parts.size(), names.size(), table.tableName() + " files: " + names);
            assertEquals(ROWS.get(table).longValue(), manifest.path("tables").path(table.tableName()).path("rows")
                    .asLong());
        }
    }

    /** The same rows in every table, compared by Spark both ways (with duplicates), and the expected counts. */
    private static void assertSameRows(String expected, String actual) {
        SparkSession spark = SparkTestBase.session();
        for (EdgeTable table : EdgeTable.values()) {
            Dataset<Row> want = spark.read().parquet(expected + "/" + table.tableName());
            Dataset<Row> got = spark.read().parquet(actual + "/" + table.tableName());
            assertEquals(want.schema(), got.schema(), table.tableName());
            assertEquals(ROWS.get(table).longValue(), want.count(), table.tableName());
            assertEquals(want.count(), got.count(), table.tableName());
            assertEquals(0, want.exceptAll(got).count(), table.tableName() + ": rows of the local run missing");
            assertEquals(0, got.exceptAll(want).count(), table.tableName() + ": rows the local run does not have");
        }
    }

    private static Path findExecutorDir(String application, String executor) {
        return cluster.workerDirs().stream().map(dir -> dir.resolve(application).resolve(executor))
                .filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new AssertionError("no worker launched executor " + executor));
    }

    /** A jar holding only the fault file system, for the driver's and the executors' classpath. */
    private static Path faultJar(Path jar) throws IOException {
        String entry = KillExecutorOnceFileSystem.class.getName().replace('.', '/') + ".class";
        try (InputStream in = KillExecutorOnceFileSystem.class.getClassLoader().getResourceAsStream(entry);
                OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            if (in == null) {
                throw new IllegalStateException(entry + " not found");
            }
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }

    /** Every file and directory under a directory. */
    private static List<String> everything(FileSystem fileSystem, org.apache.hadoop.fs.Path dir) throws IOException {
        List<String> paths = new ArrayList<>();
        for (FileStatus status : fileSystem.listStatus(dir)) {
            paths.add(status.getPath().toUri().getPath() + (status.isDirectory() ? "/" : ""));
            if (status.isDirectory()) {
                paths.addAll(everything(fileSystem, status.getPath()));
            }
        }
        return paths;
    }

    private static List<String> names(FileStatus[] files) {
        return Arrays.stream(files).map(file -> file.getPath().getName()).sorted().toList();
    }

    /** The local file system's .crc companions, which HDFS does not have. */
    private static Set<String> withoutChecksums(List<String> names) {
        return names.stream().filter(name -> !(name.startsWith(".") && name.endsWith(".crc")))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
