package org.connectome.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer of HDF5 files whose datasets are streamed: the tree of groups, attributes and contiguous datasets is
 * declared first with every shape known, {@link #writeMetadata} lays it out and writes all of its metadata, and
 * the caller then streams each dataset's bytes to {@link Dataset#dataAddress()}. Nothing but the metadata is
 * held in memory, and datasets have 64-bit sizes (jhdf, the only pure-Java HDF5 library, keeps datasets on the
 * heap and below 2^31 elements).
 *
 * <p>The file is of the HDF5 1.8 format (what {@code libver="v108"} writes; readable by HDF5 1.8 and newer, h5py,
 * jhdf): superblock version 2, version 2 object headers with checksums, groups with compactly stored links
 * (link info, group info and link messages), datasets with a version 2 dataspace, version 1 datatypes, a
 * version 3 fill value message and a version 3 contiguous layout, version 3 attributes; strings are
 * variable-length UTF-8 (h5py's default) in one global heap collection. Specification: HDF5 File Format
 * Specification Version 3.0, sections II-IV.
 */
final class Hdf5File {
    static final long UNDEFINED_ADDRESS = -1L;
    /** Data regions start at multiples of this: whole pages for the streamed writes. */
    private static final long DATA_ALIGNMENT = 4096;
    private static final int SUPERBLOCK_SIZE = 48;
    private static final int GLOBAL_HEAP_MIN_SIZE = 4096;
    private static final int GLOBAL_HEAP_HEADER = 16;
    private static final int GLOBAL_HEAP_OBJECT_HEADER = 16;

    /** The fixed-size element types of datasets and attributes (little-endian). */
    enum DataType {
        UINT8(1, false, false), INT32(4, true, false), UINT32(4, false, false), INT64(8, true, false),
        UINT64(8, false, false), FLOAT32(4, true, true), FLOAT64(8, true, true);

        final int size;
        private final boolean signed;
        private final boolean floating;

        DataType(int size, boolean signed, boolean floating) {
            this.size = size;
            this.signed = signed;
            this.floating = floating;
        }

        /** The datatype message (version 1). */
        void encode(ByteBuffer out) {
            if (!floating) {
                out.put((byte) 0x10); // version 1, class 0 fixed-point
                out.put((byte) (signed ? 0x08 : 0x00)).put((byte) 0).put((byte) 0); // little-endian, zero padding
                out.putInt(size);
                out.putShort((short) 0).putShort((short) (size * 8)); // bit offset, precision
                return;
            }
            out.put((byte) 0x11); // version 1, class 1 floating-point
            out.put((byte) 0x20); // little-endian, zero padding, implied most significant mantissa bit
            out.put((byte) (size * 8 - 1)); // sign bit location
            out.put((byte) 0);
            out.putInt(size);
            out.putShort((short) 0).putShort((short) (size * 8));
            if (size == 8) {
                out.put((byte) 52).put((byte) 11).put((byte) 0).put((byte) 52).putInt(1023);
            } else {
                out.put((byte) 23).put((byte) 8).put((byte) 0).put((byte) 23).putInt(127);
            }
        }

        int encodedSize() {
            return floating ? 20 : 12;
        }
    }

    private final Group root = new Group();
    private final List<Group> groups = new ArrayList<>();
    private final List<Dataset> datasets = new ArrayList<>();
    private final List<byte[]> heapStrings = new ArrayList<>();
    private long heapAddress = UNDEFINED_ADDRESS;
    private long endOfFile;

    Hdf5File() {
        groups.add(root);
    }

    Group root() {
        return root;
    }

    /** A group: links to its members (in the order they are added) and its attributes. */
    final class Group extends HdfObject {
        private final List<String> linkNames = new ArrayList<>();
        private final List<HdfObject> linked = new ArrayList<>();

        Group group(String name) {
            Group group = new Group();
            groups.add(group);
            link(name, group);
            return group;
        }

        Dataset dataset(String name, DataType type, long... dimensions) {
            Dataset dataset = new Dataset(type, dimensions);
            datasets.add(dataset);
            link(name, dataset);
            return dataset;
        }

        /** A further hard link to an object that already has one (the object is stored once). */
        void link(String name, HdfObject object) {
            if (linkNames.contains(name)) {
                throw new IllegalArgumentException("duplicate link " + name);
            }
            linkNames.add(name);
            linked.add(object);
            object.references++;
        }

        @Override
        int messagesSize() {
            int size = message(18) + message(2); // link info, group info
            for (String name : linkNames) {
                size += message(linkMessageSize(name));
            }
            return size + extraSize();
        }

        @Override
        void writeMessages(ByteBuffer out) {
            header(out, 2, 18, 0);
            out.put((byte) 0).put((byte) 0); // link info version 0, no creation order
            out.putLong(UNDEFINED_ADDRESS).putLong(UNDEFINED_ADDRESS); // no fractal heap, no name index: compact
            header(out, 10, 2, 0);
            out.put((byte) 0).put((byte) 0); // group info version 0, default phase change values
            for (int i = 0; i < linkNames.size(); i++) {
                byte[] name = linkNames.get(i).getBytes(StandardCharsets.UTF_8);
                header(out, 6, linkMessageSize(linkNames.get(i)), 0);
                out.put((byte) 1).put((byte) 0x10); // version 1; a character set field follows, hard link
                out.put((byte) 1); // UTF-8
                out.put((byte) name.length).put(name);
                out.putLong(linked.get(i).address);
            }
            super.writeMessages(out);
        }

        private static int linkMessageSize(String name) {
            int length = name.getBytes(StandardCharsets.UTF_8).length;
            if (length > 255) {
                throw new IllegalArgumentException("link name too long: " + name);
            }
            return 2 + 1 + 1 + length + 8;
        }
    }

    /** A contiguous dataset whose bytes the caller writes at {@link #dataAddress()}. */
    final class Dataset extends HdfObject {
        final DataType type;
        final long[] dimensions;
        private long dataAddress = UNDEFINED_ADDRESS;

        private Dataset(DataType type, long[] dimensions) {
            this.type = type;
            this.dimensions = dimensions.clone();
        }

        long elements() {
            long elements = 1;
            for (long dimension : dimensions) {
                elements = Math.multiplyExact(elements, dimension);
            }
            return elements;
        }

        long byteSize() {
            return Math.multiplyExact(elements(), (long) type.size);
        }

        /** Where the dataset's bytes start; known after {@link Hdf5File#writeMetadata}. */
        long dataAddress() {
            if (dataAddress == UNDEFINED_ADDRESS) {
                throw new IllegalStateException("metadata not written yet");
            }
            return dataAddress;
        }

        @Override
        int messagesSize() {
            return message(dataspaceSize(dimensions.length)) + message(type.encodedSize()) + message(2)
                    + message(18) + extraSize();
        }

        @Override
        void writeMessages(ByteBuffer out) {
            header(out, 1, dataspaceSize(dimensions.length), 0);
            dataspace(out, dimensions);
            header(out, 3, type.encodedSize(), 1); // constant
            type.encode(out);
            header(out, 5, 2, 1);
            out.put((byte) 3).put((byte) 0x0A); // fill value v3: late allocation, fill if set, default fill value
            header(out, 8, 18, 0);
            out.put((byte) 3).put((byte) 1); // layout v3, contiguous
            out.putLong(dataAddress).putLong(byteSize());
            super.writeMessages(out);
        }
    }

    /** What groups and datasets share: an object header, attributes, and the count of links to it. */
    abstract class HdfObject {
        private final List<Attribute> attributes = new ArrayList<>();
        long address = UNDEFINED_ADDRESS;
        int references;

        /** A numeric attribute: a scalar when {@code dimensions} is empty, else an array of {@code values}. */
        void attribute(String name, DataType type, long[] values, long... dimensions) {
            ByteBuffer data = ByteBuffer.allocate(values.length * type.size).order(ByteOrder.LITTLE_ENDIAN);
            for (long value : values) {
                switch (type.size) {
                    case 1 -> data.put((byte) value);
                    case 4 -> data.putInt((int) value);
                    default -> data.putLong(value);
                }
            }
            attributes.add(new Attribute(name, type, null, dimensions, data.array()));
        }

        /** A scalar variable-length UTF-8 string attribute. */
        void attribute(String name, String value) {
            heapStrings.add(value.getBytes(StandardCharsets.UTF_8));
            attributes.add(new Attribute(name, null, value, new long[0], null));
        }

        abstract int messagesSize();

        int attributesSize() {
            int size = 0;
            for (Attribute attribute : attributes) {
                size += message(attribute.size());
            }
            return size;
        }

        void writeMessages(ByteBuffer out) {
            for (Attribute attribute : attributes) {
                header(out, 12, attribute.size(), 0);
                attribute.write(out);
            }
            if (references > 1) {
                header(out, 0x16, 5, 0);
                out.put((byte) 0).putInt(references);
            }
        }

        /** The messages' size beyond a subclass's own: attributes and the reference count. */
        int extraSize() {
            return attributesSize() + (references > 1 ? message(5) : 0);
        }

        /** The whole object header: prefix, messages, checksum. */
        int headerSize() {
            return 4 + 1 + 1 + 4 + messagesSize() + 4;
        }

        void writeHeader(ByteBuffer out) {
            int start = out.position();
            out.put((byte) 'O').put((byte) 'H').put((byte) 'D').put((byte) 'R');
            out.put((byte) 2).put((byte) 0x02); // version 2; chunk size in 4 bytes, no times, no creation order
            out.putInt(messagesSize());
            writeMessages(out);
            out.putInt(Lookup3.hash(out, start, out.position() - start));
        }
    }

    private final class Attribute {
        final String name;
        final DataType type;
        final String string;
        final long[] dimensions;
        final byte[] data;
        int heapIndex;

        Attribute(String name, DataType type, String string, long[] dimensions, byte[] data) {
            this.name = name;
            this.type = type;
            this.string = string;
            this.dimensions = dimensions;
            this.data = data;
            this.heapIndex = string == null ? 0 : heapStrings.size(); // heap objects are numbered from 1
        }

        private int nameSize() {
            return name.getBytes(StandardCharsets.UTF_8).length + 1;
        }

        private int typeSize() {
            return string == null ? type.encodedSize() : 8 + 12;
        }

        int size() {
            int dataSize = string == null ? data.length : 16;
            return 1 + 1 + 2 + 2 + 2 + 1 + nameSize() + typeSize() + dataspaceSize(dimensions.length) + dataSize;
        }

        void write(ByteBuffer out) {
            out.put((byte) 3).put((byte) 0); // version 3, datatype and dataspace not shared
            out.putShort((short) nameSize()).putShort((short) typeSize())
                    .putShort((short) dataspaceSize(dimensions.length));
            out.put((byte) 1); // name in UTF-8
            out.put(name.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
            if (string == null) {
                type.encode(out);
            } else {
                out.put((byte) 0x19); // version 1, class 9 variable-length
                out.put((byte) 0x01).put((byte) 0x01).put((byte) 0); // a string, null-terminated, UTF-8
                out.putInt(16); // length, heap collection address, object index
                DataType.UINT8.encode(out); // the base type: unsigned characters
            }
            dataspace(out, dimensions);
            if (string == null) {
                out.put(data);
            } else {
                out.putInt(heapStrings.get(heapIndex - 1).length).putLong(heapAddress).putInt(heapIndex);
            }
        }
    }

    private static int message(int dataSize) {
        return 4 + dataSize; // type, size, flags
    }

    private static void header(ByteBuffer out, int type, int size, int flags) {
        out.put((byte) type).putShort((short) size).put((byte) flags);
    }

    private static int dataspaceSize(int rank) {
        return 4 + 8 * rank;
    }

    private static void dataspace(ByteBuffer out, long[] dimensions) {
        out.put((byte) 2).put((byte) dimensions.length).put((byte) 0); // version 2, no maximum dimensions
        out.put((byte) (dimensions.length == 0 ? 0 : 1)); // scalar or simple
        for (long dimension : dimensions) {
            out.putLong(dimension);
        }
    }

    private int globalHeapSize() {
        if (heapStrings.isEmpty()) {
            return 0;
        }
        int size = GLOBAL_HEAP_HEADER;
        for (byte[] string : heapStrings) {
            size += GLOBAL_HEAP_OBJECT_HEADER + align(string.length, 8);
        }
        size += GLOBAL_HEAP_OBJECT_HEADER; // the free-space object
        return Math.max(size, GLOBAL_HEAP_MIN_SIZE);
    }

    private void writeGlobalHeap(ByteBuffer out) {
        int start = out.position();
        int size = globalHeapSize();
        out.put((byte) 'G').put((byte) 'C').put((byte) 'O').put((byte) 'L');
        out.put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0);
        out.putLong(size);
        for (int i = 0; i < heapStrings.size(); i++) {
            byte[] string = heapStrings.get(i);
            out.putShort((short) (i + 1)).putShort((short) 1).putInt(0).putLong(string.length);
            out.put(string);
            for (int pad = string.length; pad < align(string.length, 8); pad++) {
                out.put((byte) 0);
            }
        }
        int free = size - (out.position() - start);
        out.putShort((short) 0).putShort((short) 0).putInt(0).putLong(free); // object 0: the rest is free space
        out.position(start + size);
    }

    /**
     * Assigns every address and writes the superblock, object headers and global heap at the start of the
     * file; returns the file's final size (the end of the last dataset). The datasets' bytes follow.
     */
    long writeMetadata(FileChannel channel) throws IOException {
        if (heapStrings.size() > 0xFFFF) {
            throw new IllegalStateException("too many string attributes for one heap collection");
        }
        long position = SUPERBLOCK_SIZE;
        List<HdfObject> objects = new ArrayList<>(groups);
        objects.addAll(datasets);
        for (HdfObject object : objects) {
            object.address = position;
            position += object.headerSize();
        }
        if (!heapStrings.isEmpty()) {
            heapAddress = position;
            position += globalHeapSize();
        }
        int metadataSize = Math.toIntExact(position);
        for (Dataset dataset : datasets) {
            position = align(position, DATA_ALIGNMENT);
            dataset.dataAddress = position;
            position += dataset.byteSize();
        }
        endOfFile = Math.max(position, metadataSize);

        ByteBuffer out = ByteBuffer.allocate(metadataSize).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'});
        out.put((byte) 2).put((byte) 8).put((byte) 8).put((byte) 0); // version 2, 8-byte offsets and lengths
        out.putLong(0).putLong(UNDEFINED_ADDRESS).putLong(endOfFile).putLong(root.address);
        out.putInt(Lookup3.hash(out, 0, out.position()));
        for (HdfObject object : objects) {
            if (out.position() != object.address) {
                throw new IllegalStateException("object header size mismatch at " + object.address);
            }
            object.writeHeader(out);
        }
        if (!heapStrings.isEmpty()) {
            writeGlobalHeap(out);
        }
        if (out.position() != metadataSize) {
            throw new IllegalStateException("metadata size mismatch");
        }
        out.flip();
        long at = 0;
        while (out.hasRemaining()) {
            at += channel.write(out, at);
        }
        return endOfFile;
    }

    static long align(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    private static int align(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    /** Bob Jenkins' lookup3 {@code hashlittle} with initial value 0: the checksum of HDF5's metadata. */
    static final class Lookup3 {
        private Lookup3() {
        }

        static int hash(ByteBuffer buffer, int offset, int length) {
            int a = 0xdeadbeef + length;
            int b = a;
            int c = a;
            int k = offset;
            int remaining = length;
            while (remaining > 12) {
                a += word(buffer, k, 4);
                b += word(buffer, k + 4, 4);
                c += word(buffer, k + 8, 4);
                a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
                b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
                c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
                a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
                b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
                c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
                k += 12;
                remaining -= 12;
            }
            if (remaining == 0) {
                return c;
            }
            a += word(buffer, k, Math.min(remaining, 4));
            if (remaining > 4) {
                b += word(buffer, k + 4, Math.min(remaining - 4, 4));
            }
            if (remaining > 8) {
                c += word(buffer, k + 8, remaining - 8);
            }
            c ^= b; c -= Integer.rotateLeft(b, 14);
            a ^= c; a -= Integer.rotateLeft(c, 11);
            b ^= a; b -= Integer.rotateLeft(a, 25);
            c ^= b; c -= Integer.rotateLeft(b, 16);
            a ^= c; a -= Integer.rotateLeft(c, 4);
            b ^= a; b -= Integer.rotateLeft(a, 14);
            c ^= b; c -= Integer.rotateLeft(b, 24);
            return c;
        }

        /** Up to four bytes from {@code at}, little-endian. */
        private static int word(ByteBuffer buffer, int at, int bytes) {
            int word = 0;
            for (int i = 0; i < bytes; i++) {
                word |= (buffer.get(at + i) & 0xFF) << (8 * i);
            }
            return word;
        }
    }
}
