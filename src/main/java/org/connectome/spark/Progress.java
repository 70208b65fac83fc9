package org.connectome.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress of a long write: rows written by finished tasks, counted from Spark's task metrics, printed as one
 * line at most every {@code interval} (lines, not a redrawn bar, so logs of batch jobs stay readable).
 */
final class Progress extends SparkListener {
    private final PrintStream out;
    private final long intervalNanos;
    private final AtomicLong rows = new AtomicLong();
    private final Set<Integer> countedStages = ConcurrentHashMap.newKeySet();
    private volatile String label = "";
    private volatile long total;
    private volatile long started;
    private volatile long lastPrinted;

    Progress(PrintStream out, long intervalMillis) {
        this.out = out;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Starts counting the rows of the jobs described as writing {@code tableLabel}. */
    void begin(String tableLabel, long totalRows) {
        label = tableLabel;
        total = totalRows;
        rows.set(0);
        started = System.nanoTime();
        lastPrinted = started;
    }

    /** Only the jobs whose description names the table are counted: the small tables run beside it. */
    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String description = jobStart.properties() == null ? null
                : jobStart.properties().getProperty("spark.job.description");
        if (description != null && description.endsWith(" " + label)) {
            scala.collection.Iterator<Object> stages = jobStart.stageIds().iterator();
            while (stages.hasNext()) {
                countedStages.add((Integer) stages.next());
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.reason() != Success$.MODULE$ || taskEnd.taskMetrics() == null
                || !countedStages.contains(taskEnd.stageId())) {
            return;
        }
        long done = rows.addAndGet(taskEnd.taskMetrics().outputMetrics().recordsWritten());
        long now = System.nanoTime();
        if (now - lastPrinted >= intervalNanos && done < total) {
            lastPrinted = now;
            double seconds = (now - started) / 1e9;
            double rate = done / seconds;
            out.printf(Locale.ROOT, "  %-9s %5.1f%%  %,d of %,d rows  %s rows/s  about %s left%n", label,
                    100.0 * done / total, done, total, Format.count(rate), Format.duration((total - done) / rate));
        }
    }
}
