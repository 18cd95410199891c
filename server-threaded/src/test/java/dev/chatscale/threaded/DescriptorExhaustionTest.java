package dev.chatscale.threaded;

import dev.chatscale.testkit.DescriptorExhaustionSuite;

/** Out of file descriptors, for real, against server-threaded's {@code main} in a child JVM. */
class DescriptorExhaustionTest extends DescriptorExhaustionSuite {
    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
