package org.connectome.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.Topology;
import org.connectome.model.WeightType;
import org.connectome.parquet.ParquetLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that dies after writing part of a file leaves no file the driver counts: its attempt file never gets a
 * final name, the retry publishes the whole file, and the driver checks every file against its footer.
 */
class DyingAttemptTest {
    private static final ConnectomeModel MODEL = ConnectomeModel.withProbability(1500, 0.05, 0.8, 1.0, 1.0, 1, 1,
            AutapsePolicy.REPAIR, Topology.RANDOM, 99L);
    private static final ParquetLayout LAYOUT = new ParquetLayout("snappy", 20_000, 8 << 10);

    @TempDir
    Path dir;

    /**
     * The local engine, except that the first attempt of recurrent slice 1 dies in the middle of its second file:
     * what it wrote is left on disk as a SIGKILL would leave it, then the slice is retried.
     */
    private static final class DyingOnceEngine extends LocalEngineWrapper {
        /** The partial file the dead attempt left under its attempt name, and its size when it died. */
        Path leftover;
        long leftoverBytes;

        @Override
        public List<SliceTask.Result> run(List<SliceTask> tasks, Progress progress) throws Exception {
            SliceTask victim = tasks.stream().filter(task -> task.table() == EdgeTable.RECURRENT
                    && task.files().slice() == 1).findFirst().orElseThrow();
            long[] written = {0};
            try {
                victim.run(engine.hadoopConfiguration(), "doomed", rows -> {
                    written[0] += rows;
                    if (written[0] > LAYOUT.maxFileRows() + 8192) {
                        leftover = Path.of(victim.files().attemptPath(1, "doomed").toUri());
                        try {
                            Files.copy(leftover, killed(), StandardCopyOption.REPLACE_EXISTING);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        throw new IllegalStateException("killed");
                    }
                });
            } catch (IllegalStateException expected) {
                // The attempt died; Spark would retry the slice elsewhere. A SIGKILL runs no clean-up, so the
                // partial file is put back where the dead attempt had it.
                Files.move(killed(), leftover, StandardCopyOption.REPLACE_EXISTING);
                leftoverBytes = Files.size(leftover);
            }
            return engine.run(tasks, progress);
        }

        private Path killed() {
            return leftover.resolveSibling(leftover.getFileName() + ".killed");
        }
    }

    /** A local engine of two threads whose {@link #run} a test overrides to misbehave around it. */
    private abstract static class LocalEngineWrapper implements Engine {
        final LocalEngine engine = new LocalEngine(2, new Configuration());

        @Override
        public int parallelism() {
            return engine.parallelism();
        }

        @Override
        public Configuration hadoopConfiguration() {
            return engine.hadoopConfiguration();
        }

        @Override
        public Map<String, Object> describe() {
            return engine.describe();
        }

        @Override
        public void cancel() {
            engine.cancel();
        }
    }

    @Test
    void aDyingAttemptLeavesNoFileThatCounts() throws IOException {
        DyingOnceEngine dying = new DyingOnceEngine();
        Path out = dir.resolve("net");
        generator(dying).write(new GenerateOptions(MODEL, WeightType.DOUBLE, 3, 1 << 20, 1 << 24), out.toString(),
                false);
        assertTrue(dying.leftover != null && dying.leftoverBytes > 4, "the attempt died mid-file");
        Path clean = dir.resolve("clean");
        generator(new LocalEngine(2, new Configuration())).write(
                new GenerateOptions(MODEL, WeightType.DOUBLE, 3, 1 << 20, 1 << 24), clean.toString(), false);
        for (EdgeTable table : EdgeTable.values()) {
            assertEquals(WrittenTables.rows(clean.resolve(table.tableName())),
                    WrittenTables.rows(out.resolve(table.tableName())), table.tableName());
            assertEquals(WrittenTables.files(clean.resolve(table.tableName())).stream().map(Path::getFileName).toList(),
                    WrittenTables.files(out.resolve(table.tableName())).stream().map(Path::getFileName).toList());
        }
        try (Stream<Path> all = Files.walk(out)) {
            assertEquals(List.of(), all.filter(path -> path.toString().contains("doomed")
                    || path.toString().contains(ConnectomeGenerator.ATTEMPTS)).toList(), "attempt files left");
        }
    }

    /** A file under a final name that no successful attempt reported, or that disagrees with its footer, fails. */
    @Test
    void theDriverRefusesFilesItWasNotToldOf() {
        assertRefused(tableDir -> copy(tableDir.resolve("part-00000-000.parquet"),
                tableDir.resolve("part-00000-999.parquet")), "unexpected file");
        assertRefused(tableDir -> truncate(tableDir.resolve("part-00001-000.parquet")), "part-00001-000.parquet");
    }

    private void assertRefused(Consumer<Path> corrupt, String mentioned) {
        Path out = dir.resolve("refused-" + mentioned.hashCode());
        Engine corrupting = new LocalEngineWrapper() {
            @Override
            public List<SliceTask.Result> run(List<SliceTask> tasks, Progress progress) throws Exception {
                List<SliceTask.Result> results = engine.run(tasks, progress);
                corrupt.accept(Path.of(new org.apache.hadoop.fs.Path(tasks.get(0).files().tableDir()).toUri()));
                return results;
            }
        };
        RuntimeException failure = assertThrows(RuntimeException.class, () -> generator(corrupting).write(
                new GenerateOptions(MODEL, WeightType.DOUBLE, 3, 1 << 20, 1 << 24), out.toString(), false));
        assertTrue(String.valueOf(failure.getMessage()).contains(mentioned), failure.toString());
        assertFalse(Files.exists(out), "nothing published");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(path -> path.getFileName().toString().contains(".staging-")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ConnectomeGenerator generator(Engine engine) {
        return new ConnectomeGenerator(engine, new PrintStream(new ByteArrayOutputStream()), LAYOUT);
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void truncate(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
