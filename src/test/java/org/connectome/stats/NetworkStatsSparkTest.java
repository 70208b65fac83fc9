package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.connectome.SparkTestBase;
import org.junit.jupiter.api.Test;

/**
 * {@code stats} of a written network connectome, read file by file in Spark (posts cut between files, seven
 * files), gives exactly the lines of the kernel's rows measured in memory ({@link NetworkLawsTest}), with degrees
 * from the read's counters and from Spark SQL aggregates alike; every line passes.
 */
class NetworkStatsSparkTest extends SparkTestBase {
    static final String SPEC = "populations: [{name: E, size: 1200}, {name: I, size: 300, kind: inhibitory},"
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

    @Test
    void sparkMeasuresTheFilesAsTheRowsAreMeasuredInMemory() throws IOException {
        Path spec = Files.writeString(TestConnectomes.scratch().resolve("laws-net.yaml"), SPEC);
        Path net = TestConnectomes.generate("laws-net", "--model", spec.toString(), "--seed", "31",
                "--max-file-rows", "20000");
        ConnectomeTables tables = ConnectomeTables.open(spark, net.toString());
        assertTrue(tables.table(org.connectome.model.EdgeTable.RECURRENT).inputFiles().length >= 5);
        List<String> expected = NetworkLawsTest.checks(SPEC, 31).stream().map(Check::line).toList();
        for (boolean counters : new boolean[] {true, false}) {
            List<Check> checks = NetworkChecks.check(tables.manifest().model(), NetworkChecks.measure(tables,
                    counters));
            assertEquals(expected, checks.stream().map(Check::line).toList(), "counters " + counters);
            assertTrue(checks.stream().allMatch(Check::passed));
        }
        assertTrue(expected.stream().filter(line -> line.contains("[p >= 1e-6]")).count() >= 9, expected.toString());
    }
}
