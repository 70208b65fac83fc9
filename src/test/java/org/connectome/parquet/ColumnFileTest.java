package org.connectome.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

/**
 * {@link ColumnFile}'s two sources give the same values, and both the values written: the local file's chunk
 * reader ({@link LocalParquetFile}) and parquet-java's reader through Hadoop, for data pages of both versions,
 * snappy (pages stored as one literal and pages really compressed), uncompressed and gzip (which the local reader
 * leaves to parquet-java), dictionaries on and off, many row groups of many pages each, read in batches that
 * straddle pages; the columns of every kind ColumnFile takes: sorted and random INT32 (delta-packed in v2 pages),
 * INT64, DOUBLE, FLOAT, a constant FLOAT (snappy pages that compress), an optional DOUBLE with nulls and a string.
 */
class ColumnFileTest {
    private static final int ROWS = 40_000;
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message t {"
            + " required int32 post; required int32 pre; required int64 big; required double weight;"
            + " required float w32; required float constant; optional double maybe; required binary name (UTF8); }");
    private static final List<String> COLUMNS = List.of("post", "pre", "big", "weight", "w32", "constant", "maybe",
            "name");

    @TempDir
    Path dir;

    static Stream<Arguments> layouts() {
        Stream.Builder<Arguments> layouts = Stream.builder();
        for (WriterVersion version : WriterVersion.values()) {
            for (CompressionCodecName codec : new CompressionCodecName[] {CompressionCodecName.SNAPPY,
                CompressionCodecName.UNCOMPRESSED, CompressionCodecName.GZIP}) {
                for (boolean dictionary : new boolean[] {false, true}) {
                    layouts.add(Arguments.of(version, codec, dictionary));
                }
            }
        }
        return layouts.build();
    }

    @ParameterizedTest(name = "{0} {1} dictionary={2}")
    @MethodSource("layouts")
    void bothSourcesReadTheValuesWritten(WriterVersion version, CompressionCodecName codec, boolean dictionary)
            throws IOException {
        Values expected = new Values(new Random(7));
        Path file = dir.resolve(version + "-" + codec + "-" + dictionary + ".parquet");
        Configuration conf = new Configuration();
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
                new org.apache.hadoop.fs.Path(file.toUri())).withConf(conf).withType(SCHEMA)
                .withWriterVersion(version).withCompressionCodec(codec).withDictionaryEncoding(dictionary)
                .withRowGroupSize(96L << 10).withPageSize(8 << 10).withDictionaryPageSize(4 << 10).build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
            for (int i = 0; i < ROWS; i++) {
                Group row = groups.newGroup().append("post", expected.post[i]).append("pre", expected.pre[i])
                        .append("big", expected.big[i]).append("weight", expected.weight[i])
                        .append("w32", expected.w32[i]).append("constant", 0.25f)
                        .append("name", "n" + (i % 97));
                if (!expected.isNull[i]) {
                    row.append("maybe", expected.maybe[i]);
                }
                writer.write(row);
            }
        }
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
        try (ColumnFile local = ColumnFile.open(conf, path);
                ColumnFile hadoop = ColumnFile.openHadoop(conf, path)) {
            assertEquals(codec != CompressionCodecName.GZIP, local.isLocal(), "the local reader takes " + codec);
            assertTrue(!hadoop.isLocal());
            assertEquals(ROWS, local.rows());
            assertEquals(ROWS, hadoop.rows());
            Values fromLocal = read(local);
            Values fromHadoop = read(hadoop);
            expected.assertSame(fromLocal, "local");
            expected.assertSame(fromHadoop, "hadoop");
        }
    }

    /**
     * Chunks read with O_DIRECT (whole blocks around each chunk, the chunk sliced out) give the values written, as
     * the page cache's reads do, in a file whose large chunks start off the block grid and whose small chunks are
     * read through the cache; snappy's literal pages are used where they lie in the aligned buffer.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("directCodecs")
    void directReadsGiveTheValuesWritten(CompressionCodecName codec) throws IOException {
        int rows = 1_000_000;
        MessageType schema = MessageTypeParser.parseMessageType(
                "message t { required int32 post; required int32 pre; required double weight; }");
        Random random = new Random(11);
        int[] pre = new int[rows];
        double[] weight = new double[rows];
        Path file = dir.resolve("direct-" + codec + ".parquet");
        Configuration conf = new Configuration();
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
                new org.apache.hadoop.fs.Path(file.toUri())).withConf(conf).withType(schema)
                .withWriterVersion(WriterVersion.PARQUET_1_0).withCompressionCodec(codec)
                .withDictionaryEncoding(false).withRowGroupSize(3L << 20).withPageSize(64 << 10).build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            for (int i = 0; i < rows; i++) {
                pre[i] = random.nextInt(1_000_000);
                weight[i] = random.nextGaussian();
                writer.write(groups.newGroup().append("post", i / 100).append("pre", pre[i]).append("weight",
                        weight[i]));
            }
        }
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
        int large = 0;
        int unaligned = 0;
        int small = 0;
        for (org.apache.parquet.hadoop.metadata.BlockMetaData block : org.apache.parquet.hadoop.ParquetFileReader
                .readFooter(conf, path).getBlocks()) {
            for (org.apache.parquet.hadoop.metadata.ColumnChunkMetaData chunk : block.getColumns()) {
                if (chunk.getTotalSize() >= LocalParquetFile.DIRECT_MIN_CHUNK_BYTES) {
                    large++;
                    unaligned += chunk.getStartingPos() % 4096 != 0 ? 1 : 0;
                } else {
                    small++;
                }
            }
        }
        assertTrue(large > 3 && unaligned > 3 && small > 3, large + " large chunks (" + unaligned
                + " off the block grid), " + small + " small");
        boolean directTaken;
        try (org.connectome.output.ChannelOutput.Direct probe = org.connectome.output.ChannelOutput
                .openDirectReads(file)) {
            directTaken = probe != null;
        }
        for (LocalParquetFile.Reads reads : LocalParquetFile.Reads.values()) {
            try (ColumnFile reader = ColumnFile.openLocal(conf, path, new ColumnFile.Buffers(), reads)) {
                assertEquals(reads == LocalParquetFile.Reads.DIRECT && directTaken, reader.readsDirectly(),
                        reads + " (the file system takes O_DIRECT: " + directTaken + ")");
                reader.select(List.of("post", "pre", "weight"));
                ColumnValues[] batch = reader.batch(50_000);
                int row = 0;
                for (long left = reader.nextRowGroup(); left >= 0; left = reader.nextRowGroup()) {
                    while (left > 0) {
                        int n = (int) Math.min(left, 50_000);
                        reader.read(batch, n);
                        for (int i = 0; i < n; i++, row++) {
                            if (batch[0].ints[i] != row / 100 || batch[1].ints[i] != pre[row]
                                    || batch[2].doubles[i] != weight[row]) {
                                throw new AssertionError(reads + ": row " + row + " reads (" + batch[0].ints[i]
                                        + ", " + batch[1].ints[i] + ", " + batch[2].doubles[i] + "), wrote ("
                                        + row / 100 + ", " + pre[row] + ", " + weight[row] + ")");
                            }
                        }
                        left -= n;
                    }
                }
                assertEquals(rows, row, reads.toString());
            }
        }
    }

    static Stream<CompressionCodecName> directCodecs() {
        return Stream.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY);
    }

    /** Every row, in batches of 3,001 rows within each row group (batches straddle pages). */
    private static Values read(ColumnFile file) throws IOException {
        file.select(COLUMNS);
        ColumnValues[] batch = file.batch(3001);
        Values values = new Values(null);
        int row = 0;
        int groups = 0;
        for (long left = file.nextRowGroup(); left >= 0; left = file.nextRowGroup()) {
            groups++;
            while (left > 0) {
                int n = (int) Math.min(left, 3001);
                file.read(batch, n);
                for (int i = 0; i < n; i++, row++) {
                    values.post[row] = batch[0].ints[i];
                    values.pre[row] = batch[1].ints[i];
                    values.big[row] = batch[2].longs[i];
                    values.weight[row] = batch[3].doubles[i];
                    values.w32[row] = batch[4].floats[i];
                    assertEquals(0.25f, batch[5].floats[i]);
                    values.isNull[row] = batch[6].isNull(i);
                    values.maybe[row] = values.isNull[row] ? 0 : batch[6].doubles[i];
                    assertEquals("n" + (row % 97), batch[7].binaries[i].toStringUsingUTF8());
                }
                left -= n;
            }
        }
        assertEquals(ROWS, row);
        assertTrue(groups > 3, "several row groups: " + groups);
        return values;
    }

    /** The columns' values; random ones from {@code random}, or all zero to be filled by a read. */
    private static final class Values {
        final int[] post = new int[ROWS];
        final int[] pre = new int[ROWS];
        final long[] big = new long[ROWS];
        final double[] weight = new double[ROWS];
        final float[] w32 = new float[ROWS];
        final double[] maybe = new double[ROWS];
        final boolean[] isNull = new boolean[ROWS];

        Values(Random random) {
            if (random == null) {
                return;
            }
            for (int i = 0; i < ROWS; i++) {
                post[i] = i / 300;
                pre[i] = random.nextInt(1_000_000);
                big[i] = random.nextLong();
                weight[i] = random.nextGaussian();
                w32[i] = (float) random.nextGaussian();
                isNull[i] = random.nextInt(5) == 0;
                maybe[i] = isNull[i] ? 0 : random.nextInt(30) * 0.1; // repeats: dictionary-encoded when asked
            }
        }

        void assertSame(Values read, String source) {
            assertArrayEquals(post, read.post, source + " post");
            assertArrayEquals(pre, read.pre, source + " pre");
            assertArrayEquals(big, read.big, source + " big");
            assertArrayEquals(weight, read.weight, source + " weight");
            assertArrayEquals(w32, read.w32, source + " w32");
            assertArrayEquals(isNull, read.isNull, source + " nulls");
            assertArrayEquals(maybe, read.maybe, source + " maybe");
        }
    }

    /** A snappy block of one literal is its own bytes; any other block is decompressed. */
    @Test
    void snappyLiteralsAreRecognisedAndNothingElse() throws IOException {
        Random random = new Random(3);
        for (int size : new int[] {1, 59, 60, 61, 255, 256, 300, 40_000}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            ByteBuffer literal = LocalParquetFile.snappyLiteral(ByteBuffer.wrap(Snappy.compress(bytes)), size);
            assertArrayEquals(bytes, toArray(literal), "a literal of " + size + " bytes");
            assertNull(LocalParquetFile.snappyLiteral(ByteBuffer.wrap(Snappy.compress(bytes)), size + 1),
                    "a literal of another size than the page's");
        }
        byte[] zeros = new byte[10_000];
        assertNull(LocalParquetFile.snappyLiteral(ByteBuffer.wrap(Snappy.compress(zeros)), zeros.length),
                "compressed bytes");
        byte[] random100k = new byte[100_000]; // snappy cuts 64 KiB fragments: two literals
        random.nextBytes(random100k);
        assertNull(LocalParquetFile.snappyLiteral(ByteBuffer.wrap(Snappy.compress(random100k)), 100_000));
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
