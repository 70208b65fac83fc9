package org.connectome.cluster;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.parquet.hadoop.ParquetOutputCommitter;
import org.apache.spark.TaskContext;

/**
 * Test fault: the executor that runs the first attempt of partition {@value #PARTITION} of the recurrent table's
 * write dies by SIGKILL, after the task has written its Parquet file into the job's _temporary directory and
 * before it asks to commit it. Spark must then retry the task on another executor and keep exactly one copy of
 * its rows. Nothing of the application changes: Spark takes the committer from
 * {@code spark.sql.parquet.output.committer.class}, and the test puts this class on the driver's and the
 * executors' classpath.
 */
public final class KillExecutorOnceCommitter extends ParquetOutputCommitter {
    static final int PARTITION = 1;
    static final String TABLE = "recurrent";

    private final Path output;

    public KillExecutorOnceCommitter(Path output, TaskAttemptContext context) throws IOException {
        super(output, context);
        this.output = output;
    }

    @Override
    public boolean needsTaskCommit(TaskAttemptContext context) throws IOException {
        TaskContext task = TaskContext.get(); // null on the driver
        if (task != null && task.attemptNumber() == 0 && task.partitionId() == PARTITION
                && TABLE.equals(output.getName())) {
            killThisJvm();
        }
        return super.needsTaskCommit(context);
    }

    private static void killThisJvm() {
        long pid = ProcessHandle.current().pid();
        System.err.println("KillExecutorOnceCommitter: killing executor process " + pid);
        try {
            new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(10_000);
        } catch (IOException | InterruptedException e) {
            // No kill command: the same abrupt end without shutdown hooks.
        }
        Runtime.getRuntime().halt(137);
    }
}
