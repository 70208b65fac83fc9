package org.connectome.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0 and 2.0): magic, version, header length and the
 * Python dict literal of dtype, order and shape, padded with spaces to a multiple of 64 bytes so the data that
 * follows is aligned for {@code numpy.load(path, mmap_mode="r")}.
 */
final class NpyHeader {
    private static final int ALIGNMENT = 64;

    private NpyHeader() {
    }

    /**
     * The header bytes for a little-endian, C-ordered array.
     *
     * @param descr NumPy's type string: {@code <i4}, {@code <i8}, {@code <f4}, {@code <f8}
     */
    static byte[] of(String descr, long... shape) {
        StringBuilder shapeText = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            shapeText.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        shapeText.append(shape.length == 1 ? ",)" : ")");
        String dict = String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr,
                shapeText);
        int version = 10 + dict.length() + 1 <= 65535 ? 1 : 2; // 1.0 has a 2-byte length
        int prefix = version == 1 ? 10 : 12;
        int total = (prefix + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        ByteBuffer header = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        header.put((byte) version).put((byte) 0);
        if (version == 1) {
            header.putShort((short) (total - prefix));
        } else {
            header.putInt(total - prefix);
        }
        header.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (header.position() < total - 1) {
            header.put((byte) ' ');
        }
        header.put((byte) '\n');
        return header.array();
    }

    /** NumPy's type string of a value type of the tables. */
    static String descr(Hdf5File.DataType type) {
        return switch (type) {
            case INT32 -> "<i4";
            case UINT32 -> "<u4";
            case INT64 -> "<i8";
            case UINT64 -> "<u8";
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case UINT8 -> "|u1";
        };
    }
}
