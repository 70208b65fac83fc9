package org.connectome.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.connectome.output.NioLocalFileSystem;
import org.connectome.parquet.ColumnFile;
import org.connectome.parquet.ColumnValues;

/**
 * Streams some columns of a written table (a directory of Parquet files) in file order, which is the table's
 * sort order, batch by batch, with no Spark and no records ({@link ColumnFile}). Files are decoded on threads of
 * their own, the next ones ahead of the one being consumed, each into a few batches of its own that the consumer
 * hands back, so the order is the files' and memory stays bounded: per open file one row group's pages and its
 * batches.
 */
final class TableColumns implements AutoCloseable {
    /** Files decoded at once: the one being consumed and those after it, each on its own thread. */
    private static final int DECODE_THREADS = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    /** Decoded batches one file may hold ready for the consumer. */
    private static final int BATCHES_AHEAD = 2;

    private final Configuration conf;
    private final List<FileStatus> files;
    private final String[] names;
    private final PrimitiveTypeName[] types;
    private final int capacity;
    private final ExecutorService decoders;
    private final List<FileDecoder> pending = new ArrayList<>();
    /** Read buffers of the files decoded so far, free for the next ones (at most one per decoding thread). */
    private final Queue<ColumnFile.Buffers> readBuffers = new ConcurrentLinkedQueue<>();
    private int nextFile;
    private Batch current;

    private TableColumns(Configuration conf, List<FileStatus> files, String[] names, PrimitiveTypeName[] types,
            int capacity) {
        this.conf = conf;
        this.files = files;
        this.names = names;
        this.types = types;
        this.capacity = names.length == 0 ? 0 : capacity;
        this.current = new Batch(this);
        int threads = Math.min(DECODE_THREADS, Math.max(1, files.size()));
        AtomicInteger threadNumber = new AtomicInteger();
        this.decoders = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "export-decode-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Files start in order on a FIFO pool, so the file being consumed always has its thread; the files after
        // it decode ahead until their few batches are ready. A file is submitted only when one ends, so at most
        // threads files (each one row group of pages) are open at a time.
        for (int i = 0; i < threads; i++) {
            submitNext();
        }
    }

    private void submitNext() {
        if (nextFile < files.size()) {
            FileDecoder decoder = new FileDecoder(files.get(nextFile++));
            pending.add(decoder);
            decoders.execute(decoder);
        }
    }

    /**
     * Opens a table directory for the given columns; optional columns absent from the schema are left out
     * ({@link #has}). Column types come from the first file's schema, and every file must agree.
     */
    static TableColumns open(Configuration conf, Path table, List<String> required, List<String> optional,
            int capacity) throws IOException {
        FileSystem fileSystem = NioLocalFileSystem.of(table, conf);
        FileStatus[] listed = fileSystem.listStatus(table, path -> path.getName().endsWith(".parquet"));
        List<FileStatus> files = new ArrayList<>(Arrays.asList(listed));
        files.sort(Comparator.comparing(status -> status.getPath().getName()));
        List<String> names = new ArrayList<>(required);
        PrimitiveTypeName[] types;
        if (files.isEmpty()) {
            types = new PrimitiveTypeName[names.size()];
            Arrays.fill(types, PrimitiveTypeName.INT32); // an empty table: no file, no rows, any type will do
        } else {
            try (ColumnFile first = ColumnFile.open(conf, files.get(0))) {
                for (String name : optional) {
                    if (first.schema().containsField(name)) {
                        names.add(name);
                    }
                }
                first.select(names);
                types = new PrimitiveTypeName[names.size()];
                for (int i = 0; i < types.length; i++) {
                    types[i] = first.type(i);
                }
            }
        }
        return new TableColumns(conf, files, names.toArray(String[]::new), types, capacity);
    }

    boolean has(String name) {
        return index(name) >= 0;
    }

    PrimitiveTypeName type(String name) {
        return types[requireIndex(name)];
    }

    ColumnValues column(String name) {
        return current.columns[requireIndex(name)];
    }

    /** Moves to the next batch of the columns; returns its rows, 0 at the end of the table. */
    int next() throws IOException {
        if (current.owner != null) {
            current.owner.free.add(current);
        }
        while (!pending.isEmpty()) {
            Batch batch;
            try {
                batch = pending.get(0).ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + pending.get(0).file.getPath());
            }
            if (batch.failure != null) {
                throw new IOException(batch.failure.getMessage(), batch.failure);
            }
            if (batch.rows > 0) {
                current = batch;
                return batch.rows;
            }
            pending.remove(0); // the file's end
            submitNext();
        }
        current = new Batch(this);
        return 0;
    }

    private int index(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private int requireIndex(String name) {
        int index = index(name);
        if (index < 0) {
            throw new IllegalArgumentException("column not read: " + name);
        }
        return index;
    }

    @Override
    public void close() {
        decoders.shutdownNow(); // a decoder waiting for a free batch stops and closes its file
    }

    /** Decoded rows of some columns; a batch with no rows marks a file's end, one with a failure its error. */
    private static final class Batch {
        final FileDecoder owner;
        final ColumnValues[] columns;
        int rows;
        Throwable failure;

        /** A batch of a file's columns. */
        Batch(FileDecoder owner, ColumnValues[] columns) {
            this.owner = owner;
            this.columns = columns;
        }

        /** A batch of no rows: a file's end or failure, or the end of the table. */
        Batch(TableColumns table) {
            this.owner = null;
            this.columns = new ColumnValues[table.names.length];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = new ColumnValues(table.names[i], table.types[i], 0, false);
            }
        }
    }

    /** Decodes one file, row group by row group, into its few batches as the consumer frees them. */
    private final class FileDecoder implements Runnable {
        final FileStatus file;
        final BlockingQueue<Batch> ready = new LinkedBlockingQueue<>();
        final BlockingQueue<Batch> free = new LinkedBlockingQueue<>();

        FileDecoder(FileStatus file) {
            this.file = file;
        }

        @Override
        public void run() {
            ColumnFile.Buffers buffers = readBuffers.poll();
            if (buffers == null) {
                buffers = new ColumnFile.Buffers();
            }
            try (ColumnFile reader = ColumnFile.open(conf, file, buffers)) {
                MessageType schema = reader.schema();
                for (int i = 0; i < names.length; i++) {
                    if (!schema.containsField(names[i]) || schema.getType(names[i]).asPrimitiveType()
                            .getPrimitiveTypeName() != types[i]) {
                        throw new IOException(file.getPath() + ": column '" + names[i] + "' differs from the first"
                                + " file's (" + types[i] + ")");
                    }
                }
                reader.select(Arrays.asList(names));
                for (int i = 0; i < BATCHES_AHEAD + 1; i++) {
                    free.add(new Batch(this, reader.batch(capacity)));
                }
                for (long left = reader.nextRowGroup(); left >= 0; left = reader.nextRowGroup()) {
                    while (left > 0) {
                        Batch batch = free.take();
                        int rows = (int) Math.min(left, capacity);
                        reader.read(batch.columns, rows);
                        for (int i = 0; i < names.length; i++) {
                            if (reader.optional(i)) {
                                requireValues(batch.columns[i], rows);
                            }
                        }
                        batch.rows = rows;
                        ready.add(batch);
                        left -= rows;
                    }
                }
                reader.close();
                readBuffers.add(buffers); // the file's pages are done with: the next file may read into them
                Batch end = free.take();
                end.rows = 0;
                ready.add(end);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closed: nobody waits for this file any more
            } catch (IOException | RuntimeException | Error e) {
                Batch failed = new Batch(TableColumns.this);
                failed.failure = e;
                ready.add(failed);
            }
        }
    }

    /** The tables' columns are all non-null; an optional column is read, but a null in it is an error. */
    private static void requireValues(ColumnValues column, int rows) throws IOException {
        for (int i = 0; i < rows; i++) {
            if (column.nulls[i]) {
                throw new IOException("column '" + column.name + "' holds a null (the tables' columns are all"
                        + " non-null)");
            }
        }
    }
}
