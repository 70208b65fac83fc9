package org.connectome.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launcher runs its Spark-free commands (generate on the local engine, export) on the jars that
 * conf/local-classpath.txt names, without Spark's. This runs those commands on that class path, in a child JVM, over
 * the paths that load different libraries (every codec, float weights, YAML and JSON network specs with delays, both
 * exports): a jar the list lacks fails here with NoClassDefFoundError, not in a user's run.
 */
class LocalClasspathIT {
    private static ClusterTestSettings settings;
    private static List<String> classpath;

    @BeforeAll
    static void localClasspath() throws IOException {
        settings = ClusterTestSettings.fromBuild();
        classpath = settings.localClasspath();
        String joined = String.join(File.pathSeparator, classpath);
        assertFalse(joined.contains("spark-core"), joined);
        assertTrue(joined.contains("parquet-hadoop") && joined.contains("picocli"), joined);
    }

    @Test
    void generateRunsEveryCodecAndWeightTypeWithoutSpark() throws Exception {
        Path work = Files.createTempDirectory(settings.workRoot(), "local-cp-");
        for (String codec : List.of("snappy", "zstd", "lz4_raw", "gzip", "none")) {
            run(work, "generate", "--neurons", "300", "--p", "0.05", "--inputs", "4", "--outputs", "2", "--seed", "3",
                    "--compression", codec, "--weight-type", codec.equals("zstd") ? "float" : "double",
                    "--out", work.resolve("flags-" + codec).toString());
        }
    }

    @Test
    void generateAndExportANetworkSpecWithoutSpark() throws Exception {
        Path work = Files.createTempDirectory(settings.workRoot(), "local-cp-");
        Path yaml = work.resolve("spec.yaml");
        Files.writeString(yaml, """
                populations: [{name: E, size: 200}, {name: I, size: 50, kind: inhibitory}]
                projections:
                  - {source: E, target: all, rule: fixed_indegree, indegree: 20, autapses: exclude, multapses: false,
                     weight: {distribution: normal, mean: 0.1, std: 0.05, dale: true},
                     delay: {distribution: normal, mean: 1.5, std: 0.5, max: 5}}
                  - {source: I, target: all, rule: pairwise_bernoulli, p: 0.1,
                     weight: {distribution: lognormal, mean: 0.4, std: 0.2, max: 2},
                     delay: {distribution: constant, value: 1.0}}
                """);
        Path json = work.resolve("spec.json");
        Files.writeString(json, """
                {"populations": [{"name": "A", "size": 100}],
                 "projections": [{"source": "A", "target": "A", "rule": "fixed_total_number", "synapses": 500,
                                  "weight": {"distribution": "uniform", "min": 0.0, "max": 1.0}}]}
                """);
        run(work, "generate", "--model", yaml.toString(), "--seed", "5", "--out", work.resolve("yaml").toString());
        run(work, "generate", "--model", json.toString(), "--seed", "5", "--out", work.resolve("json").toString());
        run(work, "generate", "--model", "brunel2000", "--seed", "5", "--max-file-rows", "5000000",
                "--out", work.resolve("brunel").toString());
        for (String format : List.of("sonata", "csr")) {
            run(work, "export", work.resolve("yaml").toString(), "--format", format,
                    "--out", work.resolve("export-" + format).toString());
        }
        assertTrue(Files.exists(work.resolve("export-sonata/edges.h5")));
        assertTrue(Files.exists(work.resolve("export-csr/indptr.npy")));
    }

    private static void run(Path work, String... arguments) throws Exception {
        try (ManagedProcesses processes = new ManagedProcesses()) {
            List<String> command = settings.cliCommand(classpath, List.of("-Dconnectome.engine=local"),
                    List.of(arguments));
            Path logs = Files.createTempDirectory(work, arguments[0] + "-").resolve("run");
            ManagedProcesses.Result result = processes.run(new ProcessBuilder(command), logs, Duration.ofMinutes(2));
            assertEquals(0, result.exitCode(), result.describe());
            assertFalse(result.stderr().contains("Exception") || result.stderr().contains("Error"), result.describe());
            // Exactly one SLF4J provider (slf4j-simple): none or two would make SLF4J say so on stderr.
            assertFalse(result.stderr().contains("SLF4J"), result.describe());
        }
    }
}
