package org.connectome.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SaveMode;
import org.connectome.SparkTestBase;
import org.connectome.model.ConnectomeModel;
import org.connectome.stats.ConnectomeStats;
import org.connectome.stats.ConnectomeTables;
import org.connectome.stats.ReferenceAggregates;
import org.connectome.stats.TestConnectomes;
import org.junit.jupiter.api.Test;

/**
 * The report's aggregates against the same quantities computed the plain way over the kernel's rows
 * ({@link ReferenceAggregates}), on the standard connectome (ten files, posts cut across them) and on a copy
 * written in random order (measured over a sorted copy); the page is self-contained; bad input is exit 2.
 */
class ReportTest extends SparkTestBase {

    @Test
    void aggregatesAreThoseOfTheRows() {
        ConnectomeTables tables = ConnectomeTables.open(spark, TestConnectomes.standard().toString());
        ConnectomeStats.Measured measured = ConnectomeStats.measureAll(tables);
        assertTrue(measured.recurrent().fromFiles(), "a table written by generate is read file by file");
        assertAggregatesOfRows(tables.manifest().model(), ReportQueries.measure(tables, measured));
    }

    @Test
    void aTableOutOfOrderGivesTheSameAggregates() {
        Path net = TestConnectomes.standard();
        Path copy = TestConnectomes.copy(net, "report-shuffled");
        try {
            spark.read().parquet(net.resolve("recurrent").toString()).createOrReplaceTempView("report_original");
            spark.sql("SELECT * FROM report_original ORDER BY rand(1)").repartition(3).write()
                    .mode(SaveMode.Overwrite).parquet(copy.resolve("recurrent").toString());
            ConnectomeTables tables = ConnectomeTables.open(spark, copy.toString());
            ConnectomeStats.Measured measured = ConnectomeStats.measureAll(tables);
            assertFalse(measured.recurrent().fromFiles(), "files out of order are measured over a sorted copy");
            assertEquals(0, measured.measurements().recurrent().duplicates());
            assertAggregatesOfRows(tables.manifest().model(), ReportQueries.measure(tables, measured));
        } finally {
            TestConnectomes.delete(copy);
        }
    }

    @Test
    void floatWeightsAreMeasuredAsWritten() {
        Path net = TestConnectomes.generate("report-float", "--neurons", "700", "--p", "0.05", "--seed", "4",
                "--weight-type", "float", "--max-file-rows", "5000");
        ConnectomeTables tables = ConnectomeTables.open(spark, net.toString());
        assertEquals("float", ReportQueries.columnTypes(tables).get("weight"));
        ConnectomeStats.Measured measured = ConnectomeStats.measureAll(tables);
        assertTrue(measured.recurrent().fromFiles());
        ReferenceAggregates.Rows rows = ReferenceAggregates.rows(tables.manifest().model());
        double[] asWritten = rows.weight().clone();
        for (int i = 0; i < asWritten.length; i++) {
            asWritten[i] = (float) asWritten[i];
        }
        assertAggregatesOfRows(tables.manifest().model(), new ReferenceAggregates.Rows(rows.post(), rows.pre(),
                asWritten), ReportQueries.measure(tables, measured));
    }

    private static void assertAggregatesOfRows(ConnectomeModel model, ReportAggregates aggregates) {
        assertAggregatesOfRows(model, ReferenceAggregates.rows(model), aggregates);
    }

    private static void assertAggregatesOfRows(ConnectomeModel model, ReferenceAggregates.Rows rows,
            ReportAggregates aggregates) {
        ReferenceAggregates reference = new ReferenceAggregates(model.neurons(), model.excitatoryNeurons(), rows);
        assertEquals(List.of("E", "I"), aggregates.populations().stream().map(Population::name).toList());
        assertEquals(ReferenceAggregates.histogram(reference.inDegree), aggregates.inDegree());
        assertEquals(ReferenceAggregates.histogram(reference.outDegree), aggregates.outDegree());
        assertArrayEquals(reference.blocks, aggregates.blockSynapses());
        for (int population = 0; population < 2; population++) {
            double[] range = reference.weightRange(population);
            double[] binning = Histogram.binning(range[0], range[1], ReportQueries.WEIGHT_BINS);
            Histogram weights = aggregates.weights().get(population);
            assertEquals(binning[0], weights.low());
            assertEquals(binning[1], weights.width());
            assertArrayEquals(reference.weightBins(population, binning[0], binning[1], ReportQueries.WEIGHT_BINS),
                    weights.counts());
            double[] moments = reference.moments(population);
            ReportAggregates.Moments measured = aggregates.weightMoments().get(population);
            assertEquals((long) moments[0], measured.count());
            assertEquals(moments[1], measured.mean(), 1e-12);
            assertEquals(moments[2], measured.std(), 1e-12);
        }
        assertFalse(aggregates.hasDelays());
        double[] summed = reference.range(reference.summedInput);
        Histogram summedInput = aggregates.summedInput();
        double[] binning = Histogram.binning(summed[0], summed[1], ReportQueries.SUMMED_INPUT_BINS);
        assertEquals(binning[0], summedInput.low(), 1e-12);
        assertEquals(binning[1], summedInput.width(), 1e-12);
        assertArrayEquals(ReferenceAggregates.bins(reference.summedInput, summedInput.low(), summedInput.width(),
                ReportQueries.SUMMED_INPUT_BINS), summedInput.counts());
        assertEquals(model.neurons(), summedInput.total());
    }

    @Test
    void thePageReferencesNothingOutsideItself() throws IOException {
        Path page = TestConnectomes.scratch().resolve("standard.html");
        TestConnectomes.Run run = TestConnectomes.run("report", TestConnectomes.standard().toString(), "--out",
                page.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().matches("connectome report: wrote " + Pattern.quote(page.toString())
                + " \\(.+\\) in .+; 29 checks, all PASS\\R"), run.out());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertFalse(html.contains("http:") || html.contains("https:"), "no http(s) reference");
        assertFalse(html.contains("<link") || html.contains("@import") || html.contains("<script src"),
                "no external style or script");
        int images = 0;
        Matcher sources = Pattern.compile("\\bsrc\\s*=\\s*[\"']?([^\"' >]*)").matcher(html);
        while (sources.find()) {
            assertTrue(sources.group(1).startsWith("data:"), "src= only data: URIs: " + sources.group(1));
            images++;
        }
        assertEquals(7, images, "in- and out-degree, two weight histograms, two heat maps, the summed input");
        Matcher links = Pattern.compile("\\bhref\\s*=\\s*[\"']?([^\"' >]*)").matcher(html);
        while (links.find()) {
            assertTrue(links.group(1).startsWith("#"), "links only within the page: " + links.group(1));
        }
        Matcher urls = Pattern.compile("url\\(\\s*[\"']?([^\"')]*)").matcher(html);
        while (urls.find()) {
            assertTrue(urls.group(1).startsWith("data:"), "CSS url() only data: URIs: " + urls.group(1));
        }
    }

    /** A network's page: a section per projection with its plots, the matrices, the balance, the stats lines. */
    @Test
    void aNetworkModelHasASectionPerProjection() throws IOException {
        Path spec = Files.writeString(TestConnectomes.scratch().resolve("report-net.yaml"),
                TestConnectomes.NETWORK_SPEC);
        Path net = TestConnectomes.generate("report-net", "--model", spec.toString(), "--seed", "3");
        Path page = TestConnectomes.scratch().resolve("report-net.html");
        TestConnectomes.Run run = TestConnectomes.run("report", net.toString(), "--out", page.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("all PASS"), run.out());
        String html = Files.readString(page);
        for (int i = 0; i < 4; i++) {
            assertTrue(html.contains("id=\"projection-" + i + "\""), "section of projection " + i);
        }
        for (String id : List.of("model", "tables", "blocks", "balance", "checks")) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        // Per projection: in- and out-degrees, weights of each non-constant source law, delays; two matrices;
        // the balance: 4 + 4 + 4 + 3 + 2 + 1.
        assertEquals(18, Pattern.compile("<img class=\"plot\"").matcher(html).results().count());
        assertTrue(html.contains("in-degree law") && html.contains("weights from E"), "the stats lines");
        assertFalse(html.contains("badge fail"), "no check fails");
    }

    @Test
    void aPathWithoutConnectomeJsonIsExitCode2AndWritesNothing() {
        Path copy = TestConnectomes.copy(TestConnectomes.standard(), "report-no-manifest");
        Path page = TestConnectomes.scratch().resolve("no-manifest.html");
        try {
            Files.delete(copy.resolve("connectome.json"));
            TestConnectomes.Run run = TestConnectomes.run("report", copy.toString(), "--out", page.toString());
            assertEquals(2, run.exitCode(), run.out() + run.err());
            assertEquals("report: " + copy + " is not a complete connectome: it has no connectome.json",
                    run.err().strip());
            assertEquals(1, run.err().lines().count(), run.err());
            assertEquals("", run.out());
            assertFalse(Files.exists(page), "nothing written");

            TestConnectomes.Run missing = TestConnectomes.run("report", copy.toString());
            assertEquals(2, missing.exitCode(), "--out is required");
            assertFalse(Files.exists(page));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            TestConnectomes.delete(copy);
        }
    }
}
