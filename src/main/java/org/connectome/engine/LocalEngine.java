package org.connectome.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.connectome.output.NioLocalFileSystem;

/**
 * Runs the slice tasks on a thread pool of this JVM, without Spark: for runs on one machine, where starting
 * Spark would cost seconds before the first row. Writes the same files as the Spark engine for the same plan.
 */
public final class LocalEngine implements Engine {
    private final int threads;
    private final Configuration conf;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean cancelled;
    private volatile ExecutorService pool;

    public LocalEngine(int threads, Configuration conf) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
        this.threads = threads;
        this.conf = conf;
    }

    /**
     * One thread per core, the Hadoop configuration of the classpath, local files without Hadoop's forks
     * ({@link NioLocalFileSystem}).
     */
    public static LocalEngine ofThisMachine() {
        return new LocalEngine(Runtime.getRuntime().availableProcessors(),
                NioLocalFileSystem.configure(new Configuration()));
    }

    @Override
    public List<SliceTask.Result> run(List<SliceTask> tasks, Progress progress) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "connectome-writer-" + next.incrementAndGet());
            thread.setDaemon(true); // an interrupted run must not wait for them to exit
            return thread;
        });
        pool = workers;
        try {
            List<Future<SliceTask.Result>> futures = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                SliceTask task = tasks.get(i);
                String attempt = "local-" + run + "-" + i;
                futures.add(workers.submit(() -> task.run(conf, attempt, rows -> {
                    if (cancelled || Thread.currentThread().isInterrupted()) {
                        throw new CancellationException("the run was cancelled");
                    }
                    progress.add(task.table(), rows);
                })));
            }
            List<SliceTask.Result> results = new ArrayList<>(tasks.size());
            for (Future<SliceTask.Result> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    cancelled = true; // the run has failed: stop the other tasks
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception exception) {
                        throw exception;
                    }
                    throw (Error) cause;
                }
            }
            return results;
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(30, TimeUnit.SECONDS); // no file is written after run() returns
        }
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public Configuration hadoopConfiguration() {
        return conf;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("engine", "local");
        facts.put("threads", threads);
        return facts;
    }

    @Override
    public void cancel() {
        cancelled = true;
        ExecutorService workers = pool;
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
