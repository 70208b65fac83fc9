package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.connectome.cli.ConnectomeCli;

/**
 * Connectomes written once per test JVM and shared by the SQL and stats tests (generating costs seconds on
 * two cores). Tests must not modify them: copy first ({@link #copy}).
 */
public final class TestConnectomes {
    /** The standard connectome: N = 2000, p = 0.05 (200,000 synapses), files of at most 20,000 rows. */
    public static final String[] STANDARD = {"--neurons", "2000", "--p", "0.05", "--inputs", "3", "--outputs", "2",
        "--seed", "7", "--max-file-rows", "20000"};
    /** A network of every rule, three populations, delays, and a projection of two sources (stats and report). */
    public static final String NETWORK_SPEC = "populations: [{name: E, size: 1200}, {name: I, size: 300, kind: inhibitory},"
            + " {name: X, size: 400}]\n"
            + "projections:\n"
            + "  - {source: E, target: [E, I], rule: fixed_indegree, indegree: 40, autapses: exclude,"
            + " multapses: false,\n"
            + "     weight: {distribution: normal, mean: 0.2, std: 0.05, dale: true},"
            + " delay: {distribution: normal, mean: 1.5, std: 0.5}}\n"
            + "  - {source: I, target: [E, I], rule: pairwise_bernoulli, p: 0.1, autapses: repair,\n"
            + "     weight: {distribution: lognormal, mean: 0.8, std: 0.2}, delay: {distribution: constant, value: 0.8}}\n"
            + "  - {source: X, target: E, rule: fixed_total_number, synapses: 30000,\n"
            + "     weight: {distribution: uniform, min: 0.0, max: 0.1}, delay: {distribution: uniform, min: 0.5,"
            + " max: 1.5}}\n"
            + "  - {source: [E, X], target: X, rule: fixed_outdegree, outdegree: 8, multapses: false,\n"
            + "     weight: {distribution: constant, value: 0.3}, delay: {distribution: constant, value: 2.0}}\n";

    public static final int STANDARD_FILE_ROWS = 20_000;

    private static Path root;
    private static Path standard;
    private static Path standardFloat;

    private TestConnectomes() {
    }

    /** What a command printed and returned. */
    public record Run(int exitCode, String out, String err) {
    }

    public static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConnectomeCli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The standard connectome's directory. */
    public static synchronized Path standard() {
        if (standard == null) {
            standard = generate("standard", STANDARD);
        }
        return standard;
    }

    /** The standard connectome with {@code --weight-type float}: the same synapses, FLOAT recurrent weights. */
    public static synchronized Path standardFloat() {
        if (standardFloat == null) {
            String[] options = java.util.Arrays.copyOf(STANDARD, STANDARD.length + 2);
            options[STANDARD.length] = "--weight-type";
            options[STANDARD.length + 1] = "float";
            standardFloat = generate("standard-float", options);
        }
        return standardFloat;
    }

    /** Generates a connectome into a fresh directory of this JVM's scratch space. */
    public static synchronized Path generate(String name, String... options) {
        Path out = scratch().resolve(name);
        String[] args = Stream.concat(Stream.of("generate", "--out", out.toString()), Stream.of(options))
                .toArray(String[]::new);
        Run run = run(args);
        assertEquals(0, run.exitCode(), "generate failed: " + run.err());
        return out;
    }

    /** A copy of a connectome to corrupt. */
    public static Path copy(Path connectome, String name) {
        Path target = scratch().resolve(name);
        try (Stream<Path> files = Files.walk(connectome)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(connectome.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else if (!file.getFileName().toString().endsWith(".crc")) {
                    Files.copy(file, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    public static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory deleted when the JVM exits. */
    public static synchronized Path scratch() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("connectome-sql-tests");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path directory = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
        }
        return root;
    }
}
