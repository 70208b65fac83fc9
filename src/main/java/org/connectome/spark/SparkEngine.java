package org.connectome.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.connectome.engine.Engine;
import org.connectome.engine.Progress;
import org.connectome.engine.SliceTask;
import org.connectome.model.EdgeTable;

/**
 * Runs the slice tasks as one Spark job, one task per slice, all four tables together. A task writes its files
 * under attempt-private names and renames each to its final name once complete, so a retried or speculative
 * attempt is harmless: slices are pure functions of the parameters, and every attempt writes the same bytes
 * ("first rename wins"). The driver then checks the files against what the successful attempts reported.
 */
public final class SparkEngine implements Engine {
    static final String JOB_DESCRIPTION = "connectome: write the tables";

    private final SparkSession spark;

    public SparkEngine(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public List<SliceTask.Result> run(List<SliceTask> tasks, Progress progress) {
        SparkContext context = spark.sparkContext();
        Broadcast<SerializableConfiguration> conf = SerializableConfiguration.broadcast(context,
                context.hadoopConfiguration());
        LongAccumulator counted = context.longAccumulator("connectome: rows written");
        long accumulator = counted.id();
        // Task end events carry the accumulator's update of each finished task: the rows it wrote.
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (taskEnd.reason() != Success$.MODULE$ || taskEnd.taskInfo() == null) {
                    return;
                }
                scala.collection.Iterator<AccumulableInfo> updates = taskEnd.taskInfo().accumulables().iterator();
                while (updates.hasNext()) {
                    AccumulableInfo update = updates.next();
                    if (update.id() == accumulator && update.update().isDefined()) {
                        progress.add(EdgeTable.RECURRENT, ((Number) update.update().get()).longValue());
                    }
                }
            }
        };
        context.addSparkListener(listener);
        try {
            context.setJobDescription(JOB_DESCRIPTION);
            return JavaSparkContext.fromSparkContext(context).parallelize(tasks, tasks.size())
                    .map(task -> runAttempt(task, conf.value().value(), counted))
                    .collect();
        } finally {
            context.setJobDescription(null);
            context.removeSparkListener(listener);
        }
    }

    private static SliceTask.Result runAttempt(SliceTask task, Configuration conf, LongAccumulator counted)
            throws java.io.IOException {
        TaskContext context = TaskContext.get();
        boolean counts = Progress.counts(task.table());
        return task.run(conf, "attempt-" + context.stageId() + "-" + context.taskAttemptId(), rows -> {
            context.killTaskIfInterrupted(); // a cancelled job or a killed speculative copy stops within a batch
            if (counts) {
                counted.add(rows);
            }
        });
    }

    @Override
    public int parallelism() {
        return spark.sparkContext().defaultParallelism();
    }

    @Override
    public Configuration hadoopConfiguration() {
        return spark.sparkContext().hadoopConfiguration();
    }

    @Override
    public Map<String, Object> describe() {
        SparkContext context = spark.sparkContext();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("engine", "spark");
        facts.put("spark_version", spark.version());
        facts.put("master", context.master());
        facts.put("application_id", context.applicationId());
        return facts;
    }

    @Override
    public void cancel() {
        try {
            // Spark stopping under the cancelled job logs its rejected tasks by the dozen; the run's one line
            // ("interrupted; removed the unfinished output") says what happened.
            spark.sparkContext().setLogLevel("OFF");
            spark.sparkContext().cancelAllJobs();
        } catch (RuntimeException ignored) {
            // Already stopped by Spark's own shutdown hook.
        }
    }
}
