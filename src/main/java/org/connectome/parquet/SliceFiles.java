package org.connectome.parquet;

import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/**
 * Where the files of one slice go. Names are deterministic and sort in row order: {@code part-SSSSS-FFF.parquet},
 * the slice's index then the file's index within the slice, zero-padded to widths fixed by the plan, so readers
 * listing a directory meet the rows in sort order, and two runs of the same parameters name the same files.
 * A file is written under an attempt-private name in {@code attemptDir} and renamed to its final name in
 * {@code tableDir} only once complete, so a file under a final name is always whole.
 *
 * @param tableDir   the table's directory
 * @param attemptDir where unfinished files are written (outside every table directory)
 * @param slice      the slice's index in its table
 * @param sliceDigits digits of the slice index
 * @param fileDigits digits of the file index
 * @param writeEmpty whether a slice without rows writes one empty file (the only slice of an empty table: its
 *                   schema)
 */
public record SliceFiles(String tableDir, String attemptDir, int slice, int sliceDigits, int fileDigits,
        boolean writeEmpty) implements Serializable {
    public static final String EXTENSION = ".parquet";

    /** Digits enough for {@code count} indices {@code 0 .. count-1}, at least {@code minimum}. */
    public static int digits(long count, int minimum) {
        return Math.max(minimum, Long.toString(Math.max(0, count - 1)).length());
    }

    /** The final name of the slice's file {@code file}. */
    public String name(int file) {
        return "part-" + pad(slice, sliceDigits) + "-" + pad(file, fileDigits) + EXTENSION;
    }

    public Path finalPath(int file) {
        return new Path(tableDir, name(file));
    }

    /** An attempt's private name: unique per table, file and attempt. */
    public Path attemptPath(int file, String attempt) {
        return new Path(attemptDir, new Path(tableDir).getName() + "-" + name(file) + "." + attempt);
    }

    private static String pad(long value, int digits) {
        String text = Long.toString(value);
        return text.length() >= digits ? text : "0".repeat(digits - text.length()) + text;
    }
}
