package dev.chatscale.virtual;

import dev.chatscale.blocking.BlockingChatServer;
import dev.chatscale.testkit.ChatServers;
import dev.chatscale.testkit.ConformanceSuite;
import dev.chatscale.testkit.TestServerFactory;

/** The shared conformance suite against server-virtual, with the thread factory its Main uses. */
class VirtualConformanceTest extends ConformanceSuite {
    @Override
    protected TestServerFactory serverFactory() {
        return ChatServers.factory(settings -> BlockingChatServer.start(settings, Main.connectionThreads()));
    }
}
