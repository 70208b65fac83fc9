package org.connectome.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application jar for spark-submit: its manifest names the main class and the version, it bundles picocli and
 * Commons RNG relocated under org.connectome.shaded and nothing of Spark, Hadoop or Jackson, and it runs on a
 * Spark classpath alone. And submit/connectome-submit's refusals.
 */
class ApplicationJarIT {
    private static ClusterTestSettings settings;

    @BeforeAll
    static void settings() throws IOException {
        settings = ClusterTestSettings.fromBuild();
    }

    @Test
    void manifestNamesTheMainClassAndTheVersion() throws IOException {
        assertEquals("connectome-" + settings.version() + ".jar", settings.applicationJar().getFileName().toString());
        try (JarFile jar = new JarFile(settings.applicationJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("org.connectome.cli.ConnectomeCli", main.getValue(Attributes.Name.MAIN_CLASS));
            assertEquals(settings.version(), main.getValue(Attributes.Name.IMPLEMENTATION_VERSION));
        }
    }

    @Test
    void bundlesOnlyTheApplicationAndRelocatedLibraries() throws IOException {
        List<String> foreign = new ArrayList<>();
        boolean picocli = false;
        boolean rng = false;
        try (JarFile jar = new JarFile(settings.applicationJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                picocli |= name.startsWith("org/connectome/shaded/picocli/CommandLine");
                rng |= name.startsWith("org/connectome/shaded/commons/rng/sampling/");
                if (!name.startsWith("org/connectome/")) {
                    foreign.add(name); // Spark, Hadoop, Jackson, Scala, or an unrelocated library
                }
            }
            assertEquals(List.of(), foreign, "classes outside org/connectome");
            assertTrue(picocli, "picocli is not bundled under org/connectome/shaded/picocli");
            assertTrue(rng, "Commons RNG is not bundled under org/connectome/shaded/commons/rng");
            JarEntry services = jar.getJarEntry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister");
            assertTrue(services != null, "the data source registration is missing");
            String registered = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("org.connectome.spark.ConnectomeSource", registered.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).findFirst().orElse(""));
            assertTrue(jar.getJarEntry("connectome.properties") != null, "the documented defaults are missing");
        }
    }

    /** On Spark's own classpath plus the jar, as spark-submit runs it: the relocated picocli must resolve. */
    @Test
    void runsOnASparkClasspathAlone() throws Exception {
        try (ManagedProcesses processes = new ManagedProcesses()) {
            Path logs = Files.createTempDirectory(settings.workRoot(), "jar-").resolve("version");
            List<String> command = new ArrayList<>(List.of(settings.javaBinary().toString()));
            command.addAll(settings.jvmFlags());
            command.addAll(List.of("-cp", settings.applicationJar() + ":" + settings.sparkClasspath(),
                    "org.connectome.cli.ConnectomeCli", "--version"));
            ManagedProcesses.Result version = processes.run(new ProcessBuilder(command), logs, Duration.ofMinutes(2));
            assertEquals(0, version.exitCode(), version.describe());
            assertTrue(version.stdout().startsWith("connectome " + settings.version()), version.describe());
        }
    }

    @Test
    void submitWrapperExplainsAMissingSparkInstallation() throws Exception {
        try (ManagedProcesses processes = new ManagedProcesses()) {
            Path logs = Files.createTempDirectory(settings.workRoot(), "submit-").resolve("no-spark");
            ProcessBuilder builder = new ProcessBuilder(settings.projectHome().resolve("submit/connectome-submit")
                    .toString(), "generate", "--neurons", "10", "--p", "0.1", "--out", "/tmp/never");
            builder.environment().put("SPARK_HOME", logs.getParent().resolve("no-such-spark").toString());
            ManagedProcesses.Result run = processes.run(builder, logs, Duration.ofSeconds(30));
            assertEquals(2, run.exitCode(), run.describe());
            assertEquals("", run.stdout());
            List<String> lines = run.stderr().lines().toList();
            assertEquals(1, lines.size(), run.describe());
            assertTrue(lines.get(0).startsWith("connectome-submit: ") && lines.get(0).contains("SPARK_HOME"),
                    run.describe());
        }
    }
}
