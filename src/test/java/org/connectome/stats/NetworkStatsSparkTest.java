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
    @Test
    void sparkMeasuresTheFilesAsTheRowsAreMeasuredInMemory() throws IOException {
        Path spec = Files.writeString(TestConnectomes.scratch().resolve("laws-net.yaml"),
                TestConnectomes.NETWORK_SPEC);
        Path net = TestConnectomes.generate("laws-net", "--model", spec.toString(), "--seed", "31",
                "--max-file-rows", "20000");
        ConnectomeTables tables = ConnectomeTables.open(spark, net.toString());
        assertTrue(tables.table(org.connectome.model.EdgeTable.RECURRENT).inputFiles().length >= 5);
        List<String> expected = NetworkLawsTest.checks(TestConnectomes.NETWORK_SPEC, 31).stream().map(Check::line)
                .toList();
        for (boolean counters : new boolean[] {true, false}) {
            List<Check> checks = NetworkChecks.check(tables.manifest().model(), NetworkChecks.measure(tables,
                    counters));
            assertEquals(expected, checks.stream().map(Check::line).toList(), "counters " + counters);
            assertTrue(checks.stream().allMatch(Check::passed));
        }
        assertTrue(expected.stream().filter(line -> line.contains("[p >= 1e-6]")).count() >= 9, expected.toString());
    }
}
