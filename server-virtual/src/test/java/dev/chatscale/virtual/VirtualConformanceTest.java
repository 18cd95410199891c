package dev.chatscale.virtual;

import dev.chatscale.blocking.BlockingChatServer;
import dev.chatscale.testkit.ChatServers;
import dev.chatscale.testkit.ConformanceSuite;
import dev.chatscale.testkit.TestServerFactory;

/** The whole server-testkit suite, over TCP and WebSocket, against the blocking server on virtual threads. */
class VirtualConformanceTest extends ConformanceSuite {
    @Override
    protected TestServerFactory serverFactory() {
        return ChatServers.factory(settings -> BlockingChatServer.start(settings, Main.connectionThreads()));
    }
}
