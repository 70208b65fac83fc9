package org.connectome.random;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.NoSuchProviderException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-128 keystream of {@link AesRowRandom}'s sequences: block {@code j} of a sequence is the encryption of the
 * counter block {@code sequence} (8 bytes) then {@code j} (8 bytes), big-endian, from {@code j = 0}. The two kinds
 * make the same bytes and differ only in speed:
 * <ul>
 *   <li>{@link Kind#COUNTER_BLOCKS}: {@code AES/ECB} over counter blocks written out, one initialisation for all
 *       sequences, so a start is free. Fast where HotSpot encrypts many ECB blocks in one intrinsic, which it does
 *       with AVX-512 and VAES (about 40 ns a call and 1.2 ns a number here); elsewhere each block is a call of its
 *       own, 1.4-1.9 times slower a row.</li>
 *   <li>{@link Kind#COUNTER_MODE}: {@code AES/CTR}, pipelined on AES-NI everywhere, but a start that is drawn
 *       from is a {@code Cipher.init} with the sequence's counter: 130-190 ns and about 100 bytes of garbage.</li>
 * </ul>
 * {@link #firstBlocks} makes the first blocks of many sequences at once: one ECB call for all of them.
 * Both take the JDK's own provider first: its AES classes are the ones with the intrinsics (a provider installed
 * ahead of it would be plain Java). Not thread-safe.
 */
abstract class Keystream {
    /** How a generator makes its keystream. */
    enum Kind {
        COUNTER_BLOCKS, COUNTER_MODE;

        /**
         * The faster kind on this machine: counter blocks where the CPU has the features of HotSpot's multi-block ECB
         * intrinsic, counter mode otherwise (or where the features cannot be read). The system property
         * {@code connectome.aesKeystream} ({@code ecb} or {@code ctr}) overrides it, for measuring one against the
         * other.
         */
        static final Kind FASTEST = fastest();

        private static Kind fastest() {
            String chosen = System.getProperty("connectome.aesKeystream", "").toLowerCase(Locale.ROOT);
            if (chosen.equals("ecb")) {
                return COUNTER_BLOCKS;
            }
            if (chosen.equals("ctr")) {
                return COUNTER_MODE;
            }
            return cpuFlags().containsAll(Set.of("aes", "vaes", "avx512f", "avx512vl", "avx512dq"))
                    ? COUNTER_BLOCKS : COUNTER_MODE;
        }

        /** The first processor's feature flags from /proc/cpuinfo (Linux), or none. */
        private static Set<String> cpuFlags() {
            try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                return lines.filter(line -> line.startsWith("flags"))
                        .findFirst()
                        .map(line -> line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                        .map(flags -> Set.copyOf(Arrays.asList(flags)))
                        .orElse(Set.of());
            } catch (IOException | RuntimeException e) {
                return Set.of();
            }
        }
    }

    static Keystream of(Kind kind, SecretKeySpec key) {
        return kind == Kind.COUNTER_BLOCKS ? new CounterBlocks(key) : new CounterMode(key);
    }

    /** Positions the keystream at block {@code block} of {@code sequence}. */
    abstract void start(long sequence, long block);

    /** Writes the next {@code bytes} (a multiple of 16) of the keystream into {@code out} from index 0. */
    abstract void next(byte[] out, int bytes);

    /**
     * Writes the first {@code ends[i] - ends[i-1]} bytes (multiples of 16) of sequence {@code sequences[i]} into
     * {@code out[ends[i-1] .. ends[i]-1]} for each {@code i < n} ({@code ends[-1]} read as 0), in one call where the
     * kind allows. The position of {@link #next} is kept.
     */
    abstract void firstBlocks(long[] sequences, int[] ends, int n, byte[] out);

    private static Cipher cipher(String transformation) {
        try {
            try {
                return Cipher.getInstance(transformation, "SunJCE");
            } catch (NoSuchProviderException e) {
                return Cipher.getInstance(transformation);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + transformation + " cipher", e);
        }
    }

    /** AES/ECB of the counter blocks written out: stateless between block-aligned updates. */
    private static final class CounterBlocks extends Keystream {
        private static final VarHandle BIG_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
                ByteOrder.BIG_ENDIAN);
        private final Cipher cipher = cipher("AES/ECB/NoPadding");
        private byte[] counters = new byte[0];
        private long sequence;
        private long block;

        CounterBlocks(SecretKeySpec key) {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/ECB refused a 16-byte key", e);
            }
        }

        @Override
        void start(long sequence, long block) {
            this.sequence = sequence;
            this.block = block;
        }

        @Override
        void next(byte[] out, int bytes) {
            byte[] blocks = counters(bytes);
            block = writeCounters(blocks, 0, bytes, sequence, block);
            encrypt(blocks, bytes, out);
        }

        @Override
        void firstBlocks(long[] sequences, int[] ends, int n, byte[] out) {
            int bytes = n == 0 ? 0 : ends[n - 1];
            byte[] blocks = counters(bytes);
            int start = 0;
            for (int i = 0; i < n; i++) {
                writeCounters(blocks, start, ends[i], sequences[i], 0);
                start = ends[i];
            }
            encrypt(blocks, bytes, out);
        }

        private byte[] counters(int bytes) {
            if (counters.length < bytes) {
                counters = new byte[bytes];
            }
            return counters;
        }

        /** Writes the counter blocks of {@code sequence} from block {@code j} into {@code [from, to)}; the next j. */
        private static long writeCounters(byte[] blocks, int from, int to, long sequence, long j) {
            for (int offset = from; offset < to; offset += 16) {
                BIG_ENDIAN_LONGS.set(blocks, offset, sequence);
                BIG_ENDIAN_LONGS.set(blocks, offset + 8, j++);
            }
            return j;
        }

        private void encrypt(byte[] blocks, int bytes, byte[] out) {
            try {
                cipher.update(blocks, 0, bytes, out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/ECB keystream", e);
            }
        }
    }

    /** AES/CTR from the sequence's first counter block: the cipher continues the counter across updates. */
    private static final class CounterMode extends Keystream {
        /** Read only: CTR encrypts these into the keystream itself; as long as the longest chunk. */
        private static final byte[] ZEROS = new byte[AesRowRandom.MAX_CHUNK_BYTES];
        private final Cipher cipher = cipher("AES/CTR/NoPadding");
        private final SecretKeySpec key;
        private final byte[] counter = new byte[16];
        private long sequence;
        /** The next block to make. */
        private long block;
        /** Whether the cipher stands at {@link #block}; false until the first bytes after a start. */
        private boolean started;

        CounterMode(SecretKeySpec key) {
            this.key = key;
        }

        /** Only records the position: a start whose bytes were all made ahead never pays the initialisation. */
        @Override
        void start(long sequence, long block) {
            this.sequence = sequence;
            this.block = block;
            started = false;
        }

        @Override
        void next(byte[] out, int bytes) {
            next(out, 0, bytes);
        }

        /** Each sequence from its own initialisation; the position is then restored, lazily. */
        @Override
        void firstBlocks(long[] sequences, int[] ends, int n, byte[] out) {
            long savedSequence = sequence;
            long savedBlock = block;
            int start = 0;
            for (int i = 0; i < n; i++) {
                start(sequences[i], 0);
                next(out, start, ends[i] - start);
                start = ends[i];
            }
            start(savedSequence, savedBlock);
        }

        private void next(byte[] out, int offset, int bytes) {
            try {
                if (!started) {
                    AesRowRandom.putLong(counter, 0, sequence);
                    AesRowRandom.putLong(counter, 8, block);
                    cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counter));
                    started = true;
                }
                cipher.update(ZEROS, 0, bytes, out, offset);
                block += bytes / 16;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CTR keystream", e);
            }
        }
    }
}
