package dev.fountain.broker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when a {@code ByteBuf} it used was garbage-collected without being released.
 * Registered for every test through JUnit's extension auto-detection. Netty notices a leak only
 * when it tracks a new buffer after the leaked one was collected, hence the collection and the
 * allocations here.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            List<ByteBuf> probes = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                probes.add(PooledByteBufAllocator.DEFAULT.directBuffer(16));
                probes.add(PooledByteBufAllocator.DEFAULT.heapBuffer(16));
                probes.add(UnpooledByteBufAllocator.DEFAULT.heapBuffer(16));
            }
            probes.forEach(ByteBuf::release);
        }
        List<String> leaks = new ArrayList<>(LeakRecordingDetector.LEAKS);
        LeakRecordingDetector.LEAKS.clear();
        assertThat(leaks).as("ByteBuf leaks reported by Netty's leak detector").isEmpty();
    }
}
