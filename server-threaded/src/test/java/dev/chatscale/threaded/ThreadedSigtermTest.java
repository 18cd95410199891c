package dev.chatscale.threaded;

import dev.chatscale.testkit.SigtermSuite;

/** SIGTERM against server-threaded's {@code main} in a child JVM. */
class ThreadedSigtermTest extends SigtermSuite {
    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
