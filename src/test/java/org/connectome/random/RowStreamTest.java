package org.connectome.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

/** A row stream is Philox below {@link RowStream#AES_MIN_SYNAPSES} synapses and AES from there, number for number. */
class RowStreamTest {
    private static final long SEED = 0x5EED_1234_5678L;

    @Test
    void shortRowsDrawFromPhiloxAndLongRowsFromAes() {
        RowStream stream = new RowStream(SEED, RandomStream.RECURRENT_WEIGHT, 1);
        for (int synapses : new int[] {0, 1, RowStream.AES_MIN_SYNAPSES - 1, RowStream.AES_MIN_SYNAPSES, 1000}) {
            for (long key : new long[] {0, 7, 99_999}) {
                UniformRandomProvider random = stream.reset(key, 3, synapses);
                UniformRandomProvider expected = synapses < RowStream.AES_MIN_SYNAPSES
                        ? new KeyedRandom(SEED, RandomStream.RECURRENT_WEIGHT).reset(key, 3)
                        : new AesRowRandom(SEED, RandomStream.RECURRENT_WEIGHT).reset(key, 3);
                assertSame(random, stream.random());
                for (int i = 0; i < 300; i++) {
                    assertEquals(expected.nextLong(), random.nextLong(), "synapses " + synapses + ", key " + key
                            + ", number " + i);
                }
            }
        }
    }

    @Test
    void theGaussianDrawsFromTheRowsGenerator() {
        RowStream stream = new RowStream(SEED, RandomStream.DELAY, 1);
        for (int synapses : new int[] {5, 500, 5}) {
            stream.reset(42, 1, synapses);
            ZigguratSampler.NormalizedGaussian expected = ZigguratSampler.NormalizedGaussian.of(
                    synapses < RowStream.AES_MIN_SYNAPSES
                            ? new KeyedRandom(SEED, RandomStream.DELAY).reset(42, 1)
                            : new AesRowRandom(SEED, RandomStream.DELAY).reset(42, 1));
            for (int i = 0; i < 200; i++) {
                assertEquals(expected.sample(), stream.random().nextGaussian(), "synapses " + synapses + ", draw " + i);
            }
        }
    }
}
