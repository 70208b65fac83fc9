package org.connectome.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Given-back page arrays come back for pages that fit them; short ones are left to the young generation. */
class PageArrayPoolTest {
    @Test
    void reusesArraysThatFit() {
        PageArrayPool pool = new PageArrayPool();
        byte[] page = pool.take(1_050_000);
        assertTrue(page.length >= 1_050_000 && page.length % PageArrayPool.GRANULE == 0);
        pool.give(page);
        assertEquals(1, pool.freeArrays());

        byte[] longer = pool.take(page.length + 1);
        assertNotSame(page, longer, "an array too short for the page");
        assertSame(page, pool.take(1_000_000));
        assertEquals(0, pool.freeArrays());

        byte[] small = pool.take(1000);
        assertEquals(1000, small.length);
        pool.give(small);
        assertEquals(0, pool.freeArrays());
    }
}
