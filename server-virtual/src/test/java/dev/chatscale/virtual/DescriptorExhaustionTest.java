package dev.chatscale.virtual;

import dev.chatscale.testkit.DescriptorExhaustionSuite;

/** Out of file descriptors, for real, against server-virtual's {@code main} in a child JVM. */
class DescriptorExhaustionTest extends DescriptorExhaustionSuite {
    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
