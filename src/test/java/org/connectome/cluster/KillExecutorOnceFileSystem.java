package org.connectome.cluster;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;

/**
 * Test fault: the local file system, except that the executor running the first attempt of the recurrent table's
 * slice {@value #SLICE} dies by SIGKILL when it asks to publish its first file, that is after the task has written
 * the whole file under its attempt-private name and before the rename that gives it its final name. Spark must
 * then retry the task on another executor, and the driver must count exactly one copy of its rows. Nothing of
 * the application changes: Hadoop takes the class from {@code fs.file.impl} ({@code spark.hadoop.fs.file.impl}),
 * and the test puts this class on the driver's and the executors' classpath.
 */
public final class KillExecutorOnceFileSystem extends LocalFileSystem {
    static final int SLICE = 1;
    static final String VICTIM = "recurrent/part-0000" + SLICE + "-000.parquet";

    @Override
    public boolean rename(Path source, Path destination) throws IOException {
        TaskContext task = TaskContext.get(); // null on the driver
        if (task != null && task.attemptNumber() == 0 && destination.toUri().getPath().endsWith("/" + VICTIM)) {
            killThisJvm();
        }
        return super.rename(source, destination);
    }

    private static void killThisJvm() {
        long pid = ProcessHandle.current().pid();
        System.err.println("KillExecutorOnceFileSystem: killing executor process " + pid);
        try {
            new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(10_000);
        } catch (IOException | InterruptedException e) {
            // No kill command: the same abrupt end without shutdown hooks.
        }
        Runtime.getRuntime().halt(137);
    }
}
