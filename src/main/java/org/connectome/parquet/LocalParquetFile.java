package org.connectome.parquet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.connectome.output.ChannelOutput;
import org.xerial.snappy.Snappy;

/**
 * A local Parquet file read with positional reads of its column chunks into buffers reused from row group to row
 * group, without Hadoop: parquet-java's reader goes through Hadoop's stream into a fresh heap array per chunk, and
 * decompresses every page into another. Here a chunk is one read into a direct buffer, and a snappy page stored as
 * one literal (the writer's pages that do not compress, AdaptiveSnappyCompressor) is used where it lies, a slice
 * of that buffer; other snappy pages are decompressed into one buffer per column, reused page after page. So
 * pages are valid until the column's next page is read (the page-level readers take them one at a time; a
 * dictionary page is copied). Uncompressed and snappy chunks only, unencrypted ({@link #readable}); the rest is
 * parquet-java's.
 *
 * <p>A large file that is not wholly in the page cache (one that generate wrote with {@code O_DIRECT}, or one the
 * cache has dropped) has its large chunks read with {@code O_DIRECT} as well, straight into the chunk buffers: on a
 * VM whose host takes freed memory back (free page reporting), every page the cache allocates costs a host fault,
 * and reading 10^9 synapses' tables through the cache took 20 s of system time against 1.2 s directly (csr export
 * 19.3 against 11.9 s). A file that is in the cache (the usual case right after a buffered generate) is read from
 * it, as before.
 *
 * <p>Memory: one row group's chunks of the selected columns and one decompressed page per column.
 */
final class LocalParquetFile implements AutoCloseable {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** Files below this size, and chunks below {@link #DIRECT_MIN_CHUNK_BYTES}, are read through the page cache. */
    static final long DIRECT_MIN_FILE_BYTES = 64L << 20;
    static final int DIRECT_MIN_CHUNK_BYTES = 1 << 20;

    /** Whether a file's large chunks are read past the page cache. */
    enum Reads {
        /** Directly when the file is large and not wholly in the page cache. */
        AUTO,
        /** Directly whatever the cache holds (tests). */
        DIRECT,
        /** Through the page cache. */
        CACHED
    }

    private final FileChannel channel;
    /** The file opened again with O_DIRECT, for its large chunks; null when they are read through the cache. */
    private final ChannelOutput.Direct direct;
    private final String file;
    private final ParquetMetadata footer;
    private final ParquetMetadataConverter converter = new ParquetMetadataConverter();
    private final Buffers buffers;

    private LocalParquetFile(FileChannel channel, ChannelOutput.Direct direct, String file, Buffers buffers)
            throws IOException {
        this.channel = channel;
        this.direct = direct;
        this.file = file;
        this.buffers = buffers;
        this.footer = readFooter();
    }

    /** Opens a file whose pages go into {@code buffers} (no other file's meanwhile). */
    static LocalParquetFile open(Path path, Buffers buffers) throws IOException {
        return open(path, buffers, Reads.AUTO);
    }

    /** {@link #open(Path, Buffers)}, its large chunks read as {@code reads} says. */
    static LocalParquetFile open(Path path, Buffers buffers, Reads reads) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        ChannelOutput.Direct direct = null;
        try {
            if (reads == Reads.DIRECT || reads == Reads.AUTO && channel.size() >= DIRECT_MIN_FILE_BYTES
                    && !inPageCache(channel)) {
                direct = ChannelOutput.openDirectReads(path);
            }
            return new LocalParquetFile(channel, direct, path.toString(), buffers);
        } catch (IOException | RuntimeException e) {
            if (direct != null) {
                direct.close();
            }
            channel.close();
            throw e;
        }
    }

    /**
     * Whether every page of the file (of its first 2 GiB: files hold at most a few hundred MB) is in the page cache:
     * mincore(2) on a mapping of it, which touches none of its pages. The mapping goes when it is collected. A file
     * that cannot be mapped counts as cached: it is read as before.
     */
    private static boolean inPageCache(FileChannel channel) {
        try {
            long length = Math.min(channel.size(), Integer.MAX_VALUE);
            return length == 0 || channel.map(FileChannel.MapMode.READ_ONLY, 0, length).isLoaded();
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        }
    }

    /** Whether the large chunks are read with O_DIRECT (tests). */
    boolean readsDirectly() {
        return direct != null;
    }

    ParquetMetadata footer() {
        return footer;
    }

    /** Whether this reader takes every chunk of the file: uncompressed or snappy, unencrypted. */
    boolean readable() {
        if (footer.getFileMetaData().getEncryptionType() != org.apache.parquet.hadoop.metadata.FileMetaData
                .EncryptionType.UNENCRYPTED) {
            return false;
        }
        for (BlockMetaData block : footer.getBlocks()) {
            for (ColumnChunkMetaData column : block.getColumns()) {
                CompressionCodecName codec = column.getCodec();
                if (codec != CompressionCodecName.UNCOMPRESSED && codec != CompressionCodecName.SNAPPY) {
                    return false;
                }
            }
        }
        return true;
    }

    private ParquetMetadata readFooter() throws IOException {
        long size = channel.size();
        if (size < 2L * MAGIC.length + Integer.BYTES) {
            throw new IOException(file + " is not a Parquet file (too short)");
        }
        ByteBuffer tail = read(ByteBuffer.allocate(Integer.BYTES + MAGIC.length), size - Integer.BYTES
                - MAGIC.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int length = tail.getInt(0);
        for (int i = 0; i < MAGIC.length; i++) {
            if (tail.get(Integer.BYTES + i) != MAGIC[i]) {
                throw new IOException(file + " is not a Parquet file (no magic at its end)");
            }
        }
        long start = size - Integer.BYTES - MAGIC.length - length;
        if (length < 0 || start < MAGIC.length) {
            throw new IOException(file + ": corrupt footer length " + length);
        }
        ByteBuffer bytes = read(ByteBuffer.allocate(length), start);
        return converter.fromParquetMetadata(Util.readFileMetaData(new BufferStream(bytes)));
    }

    /** Fills {@code buffer} from {@code position} on; returns it flipped. */
    private ByteBuffer read(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException(file + " ends at " + position + ", inside a column chunk or its footer");
            }
            position += n;
        }
        return buffer.flip();
    }

    /** Row group {@code index}'s chunks of {@code columns}, read now, valid until the next call. */
    PageReadStore rowGroup(int index, List<ColumnDescriptor> columns) throws IOException {
        BlockMetaData block = footer.getBlocks().get(index);
        Map<ColumnDescriptor, PageReader> readers = new HashMap<>();
        for (ColumnDescriptor column : columns) {
            ColumnPath path = ColumnPath.get(column.getPath());
            ColumnChunkMetaData chunk = null;
            for (ColumnChunkMetaData candidate : block.getColumns()) {
                if (candidate.getPath().equals(path)) {
                    chunk = candidate;
                }
            }
            if (chunk == null) {
                throw new IOException(file + ": row group " + index + " has no chunk of column " + path);
            }
            ColumnBuffers own = buffers.columns.computeIfAbsent(path, p -> new ColumnBuffers());
            readers.put(column, new ChunkPages(chunk, readChunk(chunk, own), own));
        }
        long rows = block.getRowCount();
        return new PageReadStore() {
            @Override
            public PageReader getPageReader(ColumnDescriptor descriptor) {
                PageReader reader = readers.get(descriptor);
                if (reader == null) {
                    throw new IllegalArgumentException("column " + descriptor + " was not read");
                }
                return reader;
            }

            @Override
            public long getRowCount() {
                return rows;
            }
        };
    }

    /**
     * A column chunk's bytes, read into the column's chunk buffer: with O_DIRECT when the file is read so and the
     * chunk is large.
     */
    private ByteBuffer readChunk(ColumnChunkMetaData chunk, ColumnBuffers own) throws IOException {
        int size = Math.toIntExact(chunk.getTotalSize());
        long start = chunk.getStartingPos();
        if (direct == null || size < DIRECT_MIN_CHUNK_BYTES) {
            return read(own.chunk(size, 1).limit(size), start);
        }
        // O_DIRECT reads whole blocks into a block-aligned buffer: the blocks around the chunk, the chunk sliced out.
        int alignment = direct.alignment();
        long first = start - Math.floorMod(start, alignment);
        int skip = (int) (start - first);
        int blocks = Math.toIntExact(((long) skip + size + alignment - 1) / alignment * alignment);
        ByteBuffer buffer = own.chunk(blocks, alignment).limit(blocks);
        while (buffer.position() < skip + size) {
            if (direct.channel().read(buffer, first + buffer.position()) < 0) {
                throw new IOException(file + " ends at " + (first + buffer.position()) + ", inside a column chunk");
            }
        }
        return buffer.limit(skip + size).position(skip).slice();
    }

    @Override
    public void close() throws IOException {
        try (FileChannel closing = channel) {
            if (direct != null) {
                direct.close();
            }
        }
    }

    /**
     * Per column: its chunk buffer and its decompression buffer, kept from row group to row group and from file
     * to file (a fresh direct buffer costs its zeroing and page faults, as much as reading into it). For one file
     * at a time.
     */
    static final class Buffers {
        private final Map<ColumnPath, ColumnBuffers> columns = new HashMap<>();
    }

    /** A column's buffers, grown when a chunk or page needs more, never shrunk. */
    private static final class ColumnBuffers {
        private ByteBuffer chunk = ByteBuffer.allocateDirect(0);
        /** What the chunk buffer's address is a multiple of. */
        private int chunkAlignment = 1;
        private ByteBuffer page = ByteBuffer.allocateDirect(0);

        /** The chunk buffer, at least {@code size} bytes, its address a multiple of {@code alignment}; cleared. */
        ByteBuffer chunk(int size, int alignment) {
            if (chunk.capacity() < size || chunkAlignment % alignment != 0) {
                chunk = ByteBuffer.allocateDirect(size + alignment - 1).alignedSlice(alignment);
                chunkAlignment = alignment;
            }
            return chunk.clear();
        }

        ByteBuffer page(int size) {
            if (page.capacity() < size) {
                page = ByteBuffer.allocateDirect(size);
            }
            return page.clear().limit(size);
        }
    }

    /** The pages of one column chunk, in order: a dictionary page first where there is one. */
    private final class ChunkPages implements PageReader {
        private final ColumnChunkMetaData chunk;
        private final ByteBuffer bytes;
        private final ColumnBuffers own;
        private final boolean snappy;
        private DictionaryPage dictionary;
        private boolean started;
        private long valuesLeft;

        ChunkPages(ColumnChunkMetaData chunk, ByteBuffer bytes, ColumnBuffers own) {
            this.chunk = chunk;
            this.bytes = bytes;
            this.own = own;
            this.snappy = chunk.getCodec() == CompressionCodecName.SNAPPY;
            this.valuesLeft = chunk.getValueCount();
        }

        @Override
        public long getTotalValueCount() {
            return chunk.getValueCount();
        }

        @Override
        public DictionaryPage readDictionaryPage() {
            start();
            return dictionary;
        }

        /** Reads the dictionary page, if the chunk starts with one. */
        private void start() {
            if (started) {
                return;
            }
            started = true;
            int mark = bytes.position();
            PageHeader header = header();
            if (header.isSetDictionary_page_header()) {
                ByteBuffer page = uncompressed(header, 0);
                ByteBuffer copy = ByteBuffer.allocate(page.remaining()).put(page).flip(); // outlives the pages
                dictionary = new DictionaryPage(BytesInput.from(copy),
                        header.getDictionary_page_header().getNum_values(),
                        converter.getEncoding(header.getDictionary_page_header().getEncoding()));
            } else {
                bytes.position(mark);
            }
        }

        @Override
        public DataPage readPage() {
            start();
            while (valuesLeft > 0 && bytes.hasRemaining()) {
                PageHeader header = header();
                if (header.isSetData_page_header()) {
                    DataPageHeader v1 = header.getData_page_header();
                    ByteBuffer page = uncompressed(header, 0);
                    valuesLeft -= v1.getNum_values();
                    return new DataPageV1(BytesInput.from(page), v1.getNum_values(), page.remaining(), null,
                            converter.getEncoding(v1.getRepetition_level_encoding()),
                            converter.getEncoding(v1.getDefinition_level_encoding()),
                            converter.getEncoding(v1.getEncoding()));
                }
                if (header.isSetData_page_header_v2()) {
                    DataPageHeaderV2 v2 = header.getData_page_header_v2();
                    int repetition = v2.getRepetition_levels_byte_length();
                    int definition = v2.getDefinition_levels_byte_length();
                    ByteBuffer levels = bytes.slice(bytes.position(), repetition + definition);
                    ByteBuffer data = v2.isIs_compressed() ? uncompressed(header, repetition + definition)
                            : skip(header.getCompressed_page_size()).position(repetition + definition).slice();
                    valuesLeft -= v2.getNum_values();
                    return DataPageV2.uncompressed(v2.getNum_rows(), v2.getNum_nulls(), v2.getNum_values(),
                            BytesInput.from(levels.slice(0, repetition)),
                            BytesInput.from(levels.slice(repetition, definition)),
                            converter.getEncoding(v2.getEncoding()), BytesInput.from(data), null);
                }
                skip(header.getCompressed_page_size()); // an index page, or another dictionary: not data
            }
            return null;
        }

        private PageHeader header() {
            try {
                return Util.readPageHeader(new BufferStream(bytes));
            } catch (IOException e) {
                throw new IllegalStateException(file + ": column " + chunk.getPath() + ": " + e.getMessage(), e);
            }
        }

        /** The next {@code size} bytes of the chunk, as a buffer of their own; the chunk moves past them. */
        private ByteBuffer skip(int size) {
            if (size < 0 || size > bytes.remaining()) {
                throw new IllegalStateException(file + ": column " + chunk.getPath() + ": a page of " + size
                        + " bytes where " + bytes.remaining() + " are left of its chunk");
            }
            ByteBuffer page = bytes.slice(bytes.position(), size);
            bytes.position(bytes.position() + size);
            return page;
        }

        /**
         * The page's bytes from {@code plainPrefix} on (a v2 page's levels are never compressed) uncompressed:
         * the chunk's own bytes where they are not compressed or are one snappy literal, else decompressed.
         */
        private ByteBuffer uncompressed(PageHeader header, int plainPrefix) {
            ByteBuffer page = skip(header.getCompressed_page_size());
            ByteBuffer stored = page.position(plainPrefix).slice();
            int size = header.getUncompressed_page_size() - plainPrefix;
            if (!snappy) {
                return stored;
            }
            ByteBuffer literal = snappyLiteral(stored, size);
            if (literal != null) {
                return literal;
            }
            try {
                ByteBuffer out = own.page(size);
                int n = Snappy.uncompress(stored, out);
                if (n != size) {
                    throw new IOException("a snappy page of " + n + " bytes, " + size + " expected");
                }
                return out.position(0).limit(size).slice();
            } catch (IOException e) {
                throw new IllegalStateException(file + ": column " + chunk.getPath() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The bytes of a snappy block that is one literal of {@code size} bytes (a varint length, a literal tag with
     * its length, the bytes), or null for any other block.
     */
    static ByteBuffer snappyLiteral(ByteBuffer block, int size) {
        int at = 0;
        long length = 0;
        for (int shift = 0; ; shift += 7) {
            if (at >= block.limit() || shift > 28) {
                return null;
            }
            int b = block.get(at++) & 0xFF;
            length |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                break;
            }
        }
        if (length != size || at >= block.limit() || (block.get(at) & 3) != 0) {
            return null;
        }
        int tag = (block.get(at++) & 0xFF) >>> 2;
        long literal = tag;
        if (tag >= 60) {
            int extra = tag - 59;
            if (at + extra > block.limit()) {
                return null;
            }
            literal = 0;
            for (int i = 0; i < extra; i++) {
                literal |= (long) (block.get(at++) & 0xFF) << (8 * i);
            }
        }
        if (literal + 1 != size || block.limit() - at != size) {
            return null;
        }
        return block.slice(at, size);
    }

    /** Reads a buffer from its position, moving it: the page headers' thrift decoding reads a stream. */
    private static final class BufferStream extends InputStream {
        private final ByteBuffer buffer;

        BufferStream(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }
    }
}
