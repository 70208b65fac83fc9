package org.connectome.output;

import java.lang.management.ManagementFactory;

/**
 * Whether generate writes its local Parquet files with {@code O_DIRECT} ({@link DirectOutputStream}); the bytes are
 * the same either way. {@code auto} writes directly when the output is larger than a fifth of the machine's memory,
 * Linux's default share of dirty pages before writers are throttled to the writeback rate: a smaller output fits the
 * page cache, where it is written fastest and read back right after (stats, export) without the disk. Other file
 * systems (hdfs://, s3a://) and local ones that refuse O_DIRECT are written as before.
 */
public enum DirectIo {
    AUTO, ON, OFF;

    /** Whether an output of about {@code expectedBytes} is written directly. */
    public boolean applies(long expectedBytes) {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> expectedBytes > physicalMemoryBytes() / 5;
        };
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Long.MAX_VALUE; // unknown: the page cache it is
    }
}
