package dev.chatscale.threaded;

import dev.chatscale.blocking.BlockingChatServer;
import dev.chatscale.testkit.ChatServers;
import dev.chatscale.testkit.ConformanceSuite;
import dev.chatscale.testkit.TestServerFactory;

/** The shared conformance suite against server-threaded, with the thread factory its Main uses. */
class ThreadedConformanceTest extends ConformanceSuite {
    @Override
    protected TestServerFactory serverFactory() {
        return ChatServers.factory(settings ->
                BlockingChatServer.start(settings, Main.connectionThreads(ThreadedOptions.DEFAULT_STACK_SIZE)));
    }
}
