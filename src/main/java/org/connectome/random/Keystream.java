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
 *   <li>{@link Kind#COUNTER_MODE}: {@code AES/CTR}, pipelined on AES-NI everywhere, but a start is a
 *       {@code Cipher.init} with the sequence's counter: 130-190 ns and about 100 bytes of garbage.</li>
 * </ul>
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

    /** Positions the keystream at block 0 of {@code sequence}. */
    abstract void start(long sequence);

    /** Writes the next {@code bytes} (a multiple of 16) of the keystream into {@code out} from index 0. */
    abstract void next(byte[] out, int bytes);

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
        void start(long sequence) {
            this.sequence = sequence;
            this.block = 0;
        }

        @Override
        void next(byte[] out, int bytes) {
            if (counters.length < bytes) {
                counters = new byte[bytes];
            }
            byte[] blocks = counters;
            long j = block;
            for (int offset = 0; offset < bytes; offset += 16) {
                BIG_ENDIAN_LONGS.set(blocks, offset, sequence);
                BIG_ENDIAN_LONGS.set(blocks, offset + 8, j++);
            }
            block = j;
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

        CounterMode(SecretKeySpec key) {
            this.key = key;
        }

        @Override
        void start(long sequence) {
            AesRowRandom.putLong(counter, 0, sequence);
            // Bytes 8-15, the block index, stay 0.
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counter));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CTR refused a 16-byte key and counter", e);
            }
        }

        @Override
        void next(byte[] out, int bytes) {
            try {
                cipher.update(ZEROS, 0, bytes, out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CTR keystream", e);
            }
        }
    }
}
