package org.connectome.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.connectome.kernel.EdgeStream;
import org.connectome.model.EdgeTable;
import org.connectome.model.WeightType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slice writer's page store keeps each stored page in the array its values writer handed over: every value of
 * many pages, row groups and files reads back (a page whose array were reused too early would read back another
 * page's bytes), pages that snappy compresses (constant weights) and pages it stores (random ones) alike, under each
 * codec; the footers record v2 data pages and the first column's statistics; and the arrays return to the pool.
 */
class FlatPageStoreTest {
    private static final int ROWS = 1_500_000;
    private static final int NEURONS = 5_000;

    @TempDir
    Path dir;

    @Test
    void everyPageReadsBackAndTheFootersAreTrue() throws IOException {
        for (String codec : new String[] {"snappy", "none", "zstd"}) {
            Edges edges = new Edges();
            // Files of 600,000 rows (about 7 MB), row groups of about 4 MB: several 1 MB pages of a column a group.
            List<WrittenFile> written = write(codec, new ParquetLayout(codec, 600_000, 4 << 20), edges);
            assertEquals(3, written.size(), codec);
            Edges expected = new Edges();
            long rows = 0;
            int groups = 0;
            int mostWeightPages = 0;
            for (WrittenFile file : written) {
                org.apache.hadoop.fs.Path path = path(codec, file);
                try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path,
                        new Configuration()))) {
                    for (BlockMetaData block : reader.getFooter().getBlocks()) {
                        groups++;
                        for (ColumnChunkMetaData chunk : block.getColumns()) {
                            assertTrue(chunk.getEncodingStats().usesV2Pages(), codec + " " + chunk.getPath());
                            assertTrue(chunk.getEncodingStats().hasNonDictionaryEncodedPages());
                        }
                        assertEquals(Encoding.DELTA_BINARY_PACKED,
                                chunk(block, 0).getEncodingStats().getDataEncodings().iterator().next());
                        mostWeightPages = Math.max(mostWeightPages,
                                reader.readOffsetIndex(chunk(block, 2)).getPageCount());
                    }
                }
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path)
                        .withConf(new Configuration()).build()) {
                    long inFile = 0;
                    for (Group row = reader.read(); row != null; row = reader.read(), rows++, inFile++) {
                        int[] post = new int[1];
                        int[] pre = new int[1];
                        double[] weight = new double[1];
                        expected.fill(post, pre, weight, null, 1);
                        assertEquals(post[0], row.getInteger("post", 0), codec + " row " + rows);
                        assertEquals(pre[0], row.getInteger("pre", 0), codec + " row " + rows);
                        assertEquals(weight[0], row.getDouble("weight", 0), codec + " row " + rows);
                    }
                    assertEquals(file.rows(), inFile);
                }
            }
            assertEquals(ROWS, rows, codec);
            assertTrue(groups > written.size(), groups + " row groups");
            assertTrue(mostWeightPages >= 3, mostWeightPages + " weight pages in a row group at most");
            assertTrue(PageArrayPool.SHARED.freeArrays() > 0, "the kept arrays are back in the pool");
        }
    }

    private static ColumnChunkMetaData chunk(BlockMetaData block, int column) {
        return block.getColumns().get(column);
    }

    private List<WrittenFile> write(String codec, ParquetLayout layout, EdgeStream edges) throws IOException {
        java.nio.file.Files.createDirectories(dir.resolve(codec).resolve("recurrent"));
        java.nio.file.Files.createDirectories(dir.resolve(codec).resolve("attempts"));
        SliceFiles files = new SliceFiles(dir.resolve(codec).resolve("recurrent").toUri().toString(),
                dir.resolve(codec).resolve("attempts").toUri().toString(), 0, 1, 2, false);
        return new SliceWriter(new Configuration(), layout).writeEdges(EdgeTable.RECURRENT, WeightType.DOUBLE,
                edges, files, "a0", rows -> { });
    }

    private org.apache.hadoop.fs.Path path(String codec, WrittenFile file) {
        return new org.apache.hadoop.fs.Path(dir.resolve(codec).resolve("recurrent").resolve(file.name()).toUri());
    }

    /**
     * Rows of 120 pres each, ascending posts; weights random, but constant over a stretch of 400,000 rows (pages
     * that snappy compresses), the same sequence each time from the same seed.
     */
    private static final class Edges implements EdgeStream {
        private final SplittableRandom random = new SplittableRandom(20261203);
        private long row;

        @Override
        public int fill(int[] first, int[] second, double[] weight, double[] delay, int capacity) {
            int n = (int) Math.min(capacity, ROWS - row);
            for (int i = 0; i < n; i++, row++) {
                first[i] = (int) (row / 120);
                second[i] = (int) (row % 120) * 40 + random.nextInt(40) % NEURONS;
                double drawn = random.nextGaussian();
                weight[i] = row >= 500_000 && row < 900_000 ? 0.25 : drawn;
            }
            return n;
        }
    }
}
