package org.connectome.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM (what Ctrl-C's SIGINT, a scheduler's kill and a container's stop have in common) in the middle of a run:
 * the JVM's shutdown hooks remove the staging directory, the run says so in one line, and nothing is left
 * beside the target, with either engine (Spark's own log may add lines while it stops; the local engine adds none).
 */
class InterruptedRunIT {
    @ParameterizedTest
    @ValueSource(strings = {"local", "spark"})
    void aTerminatedRunSaysSoAndLeavesNothing(String engine) throws Exception {
        ClusterTestSettings settings = ClusterTestSettings.fromBuild();
        Path work = Files.createTempDirectory(settings.workRoot(), "interrupted-");
        Path target = work.resolve("net");
        boolean local = engine.equals("local");
        List<String> command = settings.cliCommand(local ? settings.localClasspath() : settings.launcherClasspath(),
                local ? List.of("-Dconnectome.engine=local")
                : List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1"),
                List.of("generate", "--neurons", "200000", "--p", "0.05", "--seed", "1", "--out", target.toString()));
        try (ManagedProcesses processes = new ManagedProcesses()) {
            Path logs = work.resolve("generate");
            Process run = processes.start(new ProcessBuilder(command), logs);
            // Terminate once rows are being written: the first attempt file under the staging directory.
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!writingUnder(work) && run.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(run.isAlive(), "the run ended before it was terminated");
            assertTrue(writingUnder(work), "no attempt file appeared within 2 minutes");
            run.destroy(); // SIGTERM
            ManagedProcesses.Result result = processes.await(run, logs, Duration.ofMinutes(1));
            assertEquals(143, result.exitCode(), result.describe());
            List<String> said = result.stderr().lines().filter(line -> line.contains("interrupted")).toList();
            assertEquals(1, said.size(), result.describe());
            assertTrue(said.get(0).startsWith("connectome: interrupted; removed the unfinished output, ")
                    && said.get(0).endsWith(target.getFileName() + " was not written"), result.describe());
            if (engine.equals("local")) {
                // Spark's executor may still log the tasks it rejects while it stops (its shutdown hook races the
                // cancel that silences it); the local engine has nothing else to say.
                assertFalse(result.stderr().contains("Exception"), result.describe());
            }
            try (Stream<Path> left = Files.list(work)) {
                assertEquals(List.of(), left.filter(path -> !path.getFileName().toString().startsWith("generate."))
                        .toList(), "left beside the target");
            }
        }
    }

    private static boolean writingUnder(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            return files.anyMatch(path -> path.toString().contains("staging") && path.toString().endsWith(".parquet")
                    || path.getFileName().toString().startsWith("part-"));
        }
    }
}
