package org.connectome.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the integration tests get from the build (maven-failsafe-plugin's systemPropertyVariables in pom.xml):
 * the application jar, the classpath of a Spark installation (the provided scope: Spark, Hadoop and their
 * dependencies, nothing of the application), the JVM flags Spark needs, and the project directory.
 *
 * @param applicationJar target/connectome-VERSION.jar, the shaded jar spark-submit runs
 * @param sparkClasspath Spark and Hadoop jars, what a distribution's jars/ directory holds
 * @param jvmFlags       the --add-opens flags of DESIGN.md, for the Spark daemons
 * @param projectHome    the source tree: submit/connectome-submit and conf/
 * @param version        the project version, which the jar's manifest must carry
 * @param workRoot       where runs keep their files (under the build directory)
 */
record ClusterTestSettings(Path applicationJar, String sparkClasspath, List<String> jvmFlags, Path projectHome,
        String version, Path workRoot) {

    static ClusterTestSettings fromBuild() throws IOException {
        Path jar = Path.of(required("connectome.app.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the application jar " + jar + " is missing: run the integration tests"
                    + " through `mvn verify`, which packages it first");
        }
        Path classpathFile = Path.of(required("connectome.spark.classpath"));
        String classpath = Files.readString(classpathFile).trim();
        if (classpath.isEmpty()) {
            throw new IllegalStateException(classpathFile + " is empty");
        }
        List<String> flags = Arrays.stream(required("connectome.jvm.flags").trim().split("\\s+")).toList();
        Path home = Path.of(required("connectome.home"));
        Path work = jar.getParent().resolve("cluster-it");
        Files.createDirectories(work);
        return new ClusterTestSettings(jar, classpath, flags, home, required("connectome.version"), work);
    }

    Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The launcher's class path of the Spark commands (submit/connectome): the project's classes, then its compile
     * and provided jars, except slf4j-simple, the Spark-free commands' logging (Spark's log4j logs here).
     */
    List<String> launcherClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(projectHome.resolve("target/classes").toString());
        for (String entry : Files.readString(Path.of(required("connectome.launcher.classpath"))).trim()
                .split(File.pathSeparator)) {
            if (!artifactId(entry).equals("slf4j-simple")) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /**
     * The launcher's class path of its Spark-free commands (generate on the local engine, export): the project's
     * classes and the jars of the compile and provided scopes that conf/local-classpath.txt names.
     */
    List<String> localClasspath() throws IOException {
        Set<String> artifacts = Files.readAllLines(projectHome.resolve("conf/local-classpath.txt")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toSet());
        List<String> entries = new ArrayList<>();
        entries.add(projectHome.resolve("target/classes").toString());
        for (String entry : Files.readString(Path.of(required("connectome.launcher.classpath"))).trim()
                .split(File.pathSeparator)) {
            if (artifacts.contains(artifactId(entry))) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** The artifactId of a jar in a Maven repository (.../artifactId/version/artifactId-version.jar), else "". */
    private static String artifactId(String jar) {
        Path path = Path.of(jar);
        return jar.endsWith(".jar") && path.getNameCount() >= 3 ? path.getName(path.getNameCount() - 3).toString()
                : "";
    }

    /** {@code connectome ARGUMENTS} in a JVM of its own on {@code classpath}, as the launcher starts it. */
    List<String> cliCommand(List<String> classpath, List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(javaBinary().toString(), "-Xmx1g"));
        command.addAll(jvmFlags);
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dlog4j2.configurationFile=" + projectHome.resolve("conf/log4j2.properties"), "-cp",
                String.join(File.pathSeparator, classpath), "org.connectome.cli.ConnectomeCli"));
        command.addAll(arguments);
        return command;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run the integration"
                    + " tests through `mvn verify` (maven-failsafe-plugin sets it)");
        }
        return value;
    }
}
