package dev.chatscale.virtual;

import dev.chatscale.testkit.SigtermSuite;

/** SIGTERM against server-virtual's {@code main} in a child JVM. */
class VirtualSigtermTest extends SigtermSuite {
    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
