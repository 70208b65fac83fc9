package org.connectome.engine;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Runs slice tasks: an engine schedules slices and never touches a row. {@link LocalEngine} runs them on a
 * thread pool of this JVM; the Spark engine (org.connectome.spark) as tasks of one Spark job.
 */
public interface Engine {
    /** Runs every task to one successful attempt; returns their results in task order. */
    List<SliceTask.Result> run(List<SliceTask> tasks, Progress progress) throws Exception;

    /** Tasks that run at once: the default number of slices is a multiple of it. */
    int parallelism();

    /** The Hadoop configuration of the output's file system. */
    Configuration hadoopConfiguration();

    /** Facts for connectome.json's run section (engine, Spark version, master...). */
    Map<String, Object> describe();

    /** Stops running tasks soon (an interrupted run); never throws. */
    void cancel();
}
