package org.connectome.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The processes a test starts (Spark master, workers and, through them, executors; spark-submit runs), with
 * their output in files. {@link #close} ends every one of them and their descendants, also when the test
 * JVM shuts down early: no JVM outlives the test.
 */
final class ManagedProcesses implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::destroyAll, "connectome-it-process-cleanup");

    ManagedProcesses() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** What a finished process printed. */
    record Result(int exitCode, String stdout, String stderr) {
        /** For assertion messages. */
        String describe() {
            return "exit code " + exitCode + "\n--- stdout\n" + tail(stdout) + "\n--- stderr\n" + tail(stderr);
        }

        private static String tail(String text) {
            return text.length() <= 6000 ? text : "...\n" + text.substring(text.length() - 6000);
        }
    }

    /** Starts a process with its stdout and stderr in {@code logs}{@code .out} / {@code .err}. */
    Process start(ProcessBuilder builder, Path logs) throws IOException {
        builder.redirectOutput(logs.resolveSibling(logs.getFileName() + ".out").toFile());
        builder.redirectError(logs.resolveSibling(logs.getFileName() + ".err").toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Waits for a process started with {@link #start}; ends its process tree on timeout. */
    Result await(Process process, Path logs, Duration timeout) throws IOException, InterruptedException {
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            destroyTree(process.toHandle());
        }
        processes.remove(process);
        Result result = new Result(finished ? process.exitValue() : -1,
                Files.readString(logs.resolveSibling(logs.getFileName() + ".out"), StandardCharsets.UTF_8),
                Files.readString(logs.resolveSibling(logs.getFileName() + ".err"), StandardCharsets.UTF_8));
        if (!finished) {
            throw new AssertionError("timed out after " + timeout + ": " + commandOf(process) + "\n"
                    + result.describe());
        }
        return result;
    }

    /** Runs a process to its end. */
    Result run(ProcessBuilder builder, Path logs, Duration timeout) throws IOException, InterruptedException {
        return await(start(builder, logs), logs, timeout);
    }

    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway.
        }
    }

    private void destroyAll() {
        List<Process> started = new ArrayList<>(processes);
        java.util.Collections.reverse(started); // workers (and their executors) before the master
        for (Process process : started) {
            destroyTree(process.toHandle());
            processes.remove(process);
        }
    }

    /**
     * Ends a process and everything it started: a polite SIGTERM first (a Spark worker then stops its executors),
     * then SIGKILL for whatever is still alive after the grace period.
     */
    static void destroyTree(ProcessHandle root) {
        List<ProcessHandle> family = new ArrayList<>(root.descendants().toList());
        family.add(root);
        root.destroy();
        try {
            root.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception stillAlive) {
            // Killed below.
        }
        for (ProcessHandle member : family) {
            if (member.isAlive()) {
                member.destroyForcibly();
            }
        }
        for (ProcessHandle member : family) {
            try {
                member.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Nothing more can be done from here.
            }
        }
    }

    private static String commandOf(Process process) {
        return process.info().commandLine().map(line -> line.length() > 300 ? line.substring(0, 300) + "..." : line)
                .orElse("pid " + process.pid());
    }
}
