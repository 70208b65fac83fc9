package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.connectome.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A query filtering a post range reads only the files it needs: the recurrent table is sorted by post and
 * cut into files of at most 20,000 rows, so Parquet's min/max statistics let the reader skip every row group
 * (here: every file) whose post range misses the filter. Shown with the scan's own metrics (rows output by
 * the Parquet scan) and with the task input metrics (records read), against a full scan.
 */
class PruningTest extends SparkTestBase {
    private static Path net;
    private static ConnectomeTables tables;

    @BeforeAll
    static void open() {
        net = TestConnectomes.standard();
        tables = ConnectomeTables.open(spark, net.toString());
    }

    /** What a query's Parquet scan read. */
    record Scan(long result, long scanRows, long filesListed, long recordsRead) {
    }

    private static Scan run(String query) {
        AtomicLong records = new AtomicLong();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (taskEnd.taskMetrics() != null) {
                    records.addAndGet(taskEnd.taskMetrics().inputMetrics().recordsRead());
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            Dataset<Row> frame = tables.session().sql(query);
            long result = frame.collectAsList().get(0).getLong(0);
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("Spark's listener bus did not drain", e);
            }
            List<FileSourceScanExec> scans = new ArrayList<>();
            collectScans(frame.queryExecution().executedPlan(), scans);
            assertEquals(1, scans.size(), frame.queryExecution().executedPlan().treeString());
            FileSourceScanExec scan = scans.get(0);
            return new Scan(result, scan.metrics().apply("numOutputRows").value(),
                    scan.metrics().apply("numFiles").value(), records.get());
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    /** The file scans of a plan, inside adaptive query stages too. */
    private static void collectScans(SparkPlan plan, List<FileSourceScanExec> scans) {
        if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            collectScans(adaptive.executedPlan(), scans);
            return;
        }
        if (plan instanceof QueryStageExec stage) {
            collectScans(stage.plan(), scans);
            return;
        }
        if (plan instanceof FileSourceScanExec scan) {
            scans.add(scan);
        }
        scala.collection.Iterator<SparkPlan> children = plan.children().iterator();
        while (children.hasNext()) {
            collectScans(children.next(), scans);
        }
    }

    @Test
    void aPostRangeReadsOnlyTheFilesThatHoldIt() throws IOException {
        long files;
        try (Stream<Path> list = Files.list(net.resolve("recurrent"))) {
            files = list.filter(file -> file.getFileName().toString().endsWith(".parquet")).count();
        }
        assertTrue(files >= 10, "the test needs several files, found " + files);

        Scan full = run("SELECT COUNT(*) FROM recurrent WHERE weight IS NOT NULL");
        assertEquals(200_000, full.result());
        assertEquals(200_000, full.scanRows());
        assertEquals(200_000, full.recordsRead());

        Scan range = run("SELECT COUNT(*) FROM recurrent WHERE post BETWEEN 1000 AND 1099");
        long exact = tables.session().table("recurrent").where("post >= 1000 AND post <= 1099").count();
        assertEquals(exact, range.result());
        // 100 posts hold about 10,000 rows: at most two files of 20,000 rows can hold them.
        assertTrue(range.scanRows() >= exact, range.toString());
        assertTrue(range.scanRows() <= 2 * TestConnectomes.STANDARD_FILE_ROWS, range + " vs full " + full);
        assertEquals(range.scanRows(), range.recordsRead());
        // Every file was listed (Spark prunes by statistics inside the reader, not while listing).
        assertEquals(files, range.filesListed());
        assertEquals(files, full.filesListed());
    }

    @Test
    void aPointLookupReadsOneFile() {
        Scan point = run("SELECT COUNT(*) FROM recurrent WHERE post = 1234");
        assertTrue(point.result() > 0);
        assertTrue(point.scanRows() <= TestConnectomes.STANDARD_FILE_ROWS, point.toString());
        // The same filter on pre, which is not sorted, can skip only files too small to span all pres.
        Scan unsorted = run("SELECT COUNT(*) FROM recurrent WHERE pre = 1234");
        assertTrue(unsorted.scanRows() > 180_000, unsorted.toString());
    }
}
