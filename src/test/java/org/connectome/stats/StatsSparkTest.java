package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.connectome.SparkTestBase;
import org.connectome.model.AutapsePolicy;
import org.junit.jupiter.api.Test;

/**
 * The Spark SQL measurement of written tables equals the plain-Java measurement of the kernel's rows (so the
 * many-seed tolerance test, done on the kernel, speaks for {@code stats} on files), and {@code stats} passes a
 * written connectome under {@code allow}, where autapses exist and are judged by their law.
 */
class StatsSparkTest extends SparkTestBase {

    private static void assertSameMeasurements(Measurements expected, Measurements actual) {
        assertEquals(expected.schemas(), actual.schemas());
        assertEquals(expected.recurrent(), actual.recurrent());
        assertEquals(expected.input(), actual.input());
        assertEquals(expected.output(), actual.output());
        assertEquals(expected.autapses(), actual.autapses());
        assertEquals(expected.neurons(), actual.neurons());
        for (Measurements.Degrees[] degrees : List.of(
                new Measurements.Degrees[] {expected.inDegree(), actual.inDegree()},
                new Measurements.Degrees[] {expected.outDegree(), actual.outDegree()})) {
            Measurements.Degrees e = degrees[0];
            Measurements.Degrees a = degrees[1];
            assertEquals(e.nonEmpty(), a.nonEmpty());
            assertEquals(e.total(), a.total());
            assertEquals(e.minNonEmpty(), a.minNonEmpty());
            assertEquals(e.max(), a.max());
            assertEquals(e.centeredSquares(), a.centeredSquares(), 1e-9 * e.centeredSquares());
            assertEquals(e.std(), a.std(), 1e-9 * e.std());
        }
        for (Measurements.Moments[] moments : List.of(
                new Measurements.Moments[] {expected.excitatoryWeights(), actual.excitatoryWeights()},
                new Measurements.Moments[] {expected.inhibitoryWeights(), actual.inhibitoryWeights()},
                new Measurements.Moments[] {expected.inputWeights(), actual.inputWeights()},
                new Measurements.Moments[] {expected.outputWeights(), actual.outputWeights()})) {
            assertEquals(moments[0].count(), moments[1].count());
            assertClose(moments[0].mean(), moments[1].mean(), moments[0].std());
            assertClose(moments[0].std(), moments[1].std(), moments[0].std());
        }
        assertEquals(expected.recurrentWeightSum(), actual.recurrentWeightSum(), 1e-9);
    }

    /** Within 1e-9 of the scale (summation order differs); NaN (no rows) on both sides is equal. */
    private static void assertClose(double expected, double actual, double scale) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), "expected NaN, got " + actual);
            return;
        }
        assertEquals(expected, actual, 1e-9 * Math.abs(scale));
    }

    @Test
    void sparkMeasuresTheWrittenTablesAsTheKernelGeneratesThem() {
        ConnectomeTables tables = ConnectomeTables.open(spark, TestConnectomes.standard().toString());
        Measurements measured = ConnectomeStats.measure(tables);
        assertSameMeasurements(KernelMeasurements.of(tables.manifest().model()), measured);
        assertTrue(Checks.evaluate(tables.manifest(), measured).stream().allMatch(Check::passed));
    }

    @Test
    void statsPassesAConnectomeWithAutapses() {
        Path allow = TestConnectomes.generate("allow", "--neurons", "600", "--p", "0.1", "--autapses", "allow",
                "--exc-fraction", "0.5", "--inputs", "0", "--seed", "11");
        ConnectomeTables tables = ConnectomeTables.open(spark, allow.toString());
        assertEquals(AutapsePolicy.ALLOW, tables.manifest().model().autapses());
        Measurements measured = ConnectomeStats.measure(tables);
        assertSameMeasurements(KernelMeasurements.of(tables.manifest().model()), measured);
        assertTrue(measured.autapses() > 0, "about N_syn / N = 60 autapses expected");

        TestConnectomes.Run run = TestConnectomes.run("stats", allow.toString(), "--check");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().lines().anyMatch(line -> line.matches("autapses \\(allow; law of the diagonal\\): +"
                + measured.autapses() + " vs within \\[\\d+, \\d+\\] \\[P\\(outside\\) < 1e-6\\] PASS")), run.out());
        // An empty input table (--inputs 0): its rows are checked, its weights have nothing to check.
        assertTrue(run.out().contains("input rows:                                  0 vs 0 [exact] PASS"), run.out());
        assertTrue(run.out().contains("input weight mean (0):                       no rows vs 0 [n/a] PASS"),
                run.out());
        assertTrue(run.out().contains("input weight std (1 / sqrt(N_input)):        0 rows vs n/a [n/a] PASS"),
                run.out());
    }
}
