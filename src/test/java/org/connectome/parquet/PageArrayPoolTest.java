package org.connectome.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Released page buffers come back, cleared, for pages that fit them; small ones are left to the young generation. */
class PageBufferPoolTest {
    @Test
    void reusesReleasedBuffersThatFit() {
        PageBufferPool pool = new PageBufferPool();
        ByteBuffer page = pool.allocate(1_050_000);
        assertTrue(page.capacity() >= 1_050_000 && page.capacity() % PageBufferPool.GRANULE == 0);
        page.put(new byte[1000]).flip();
        pool.release(page);
        assertEquals(1, pool.freeBuffers());

        ByteBuffer larger = pool.allocate(page.capacity() + 1);
        assertNotSame(page, larger, "a buffer too small for the page");
        ByteBuffer again = pool.allocate(1_000_000);
        assertSame(page, again);
        assertEquals(0, again.position());
        assertEquals(again.capacity(), again.limit());
        assertEquals(0, pool.freeBuffers());

        ByteBuffer small = pool.allocate(1000);
        assertEquals(1000, small.capacity());
        pool.release(small);
        assertEquals(0, pool.freeBuffers());
    }
}
