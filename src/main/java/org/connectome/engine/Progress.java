package org.connectome.engine;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.connectome.model.EdgeTable;

/**
 * Progress of a long write: rows of the recurrent table written so far (the small tables run beside it), printed
 * as one line at most every {@code interval} (lines, not a redrawn bar, so logs of batch jobs stay readable).
 * Thread-safe: engines report from their worker threads or their scheduler's listener.
 */
public final class Progress {
    private static final EdgeTable COUNTED = EdgeTable.RECURRENT;

    private final PrintStream out;
    private final long intervalNanos;
    private final long total;
    private final long started = System.nanoTime();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong lastPrinted = new AtomicLong(started);

    public Progress(PrintStream out, long intervalMillis, long totalRows) {
        this.out = out;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.total = totalRows;
    }

    /** Rows of {@code table} written; prints a line when the interval has passed. */
    public void add(EdgeTable table, long written) {
        if (table != COUNTED) {
            return;
        }
        long done = rows.addAndGet(written);
        long now = System.nanoTime();
        long last = lastPrinted.get();
        if (now - last >= intervalNanos && done < total && lastPrinted.compareAndSet(last, now)) {
            double seconds = (now - started) / 1e9;
            double rate = done / seconds;
            out.printf(Locale.ROOT, "  %-9s %5.1f%%  %,d of %,d rows  %s rows/s  about %s left%n",
                    COUNTED.tableName(), 100.0 * done / total, done, total, Format.count(rate),
                    Format.duration((total - done) / rate));
        }
    }

    /** Whether rows of this table are counted (engines that count on the driver need not ship the others). */
    public static boolean counts(EdgeTable table) {
        return table == COUNTED;
    }
}
