package dev.chatscale.netty;

import dev.chatscale.testkit.ChatServers;
import dev.chatscale.testkit.ConformanceSuite;
import dev.chatscale.testkit.TestServerFactory;

/** The whole server-testkit suite, over TCP and WebSocket, against the Netty server in-process. */
class NettyConformanceTest extends ConformanceSuite {
    @Override
    protected TestServerFactory serverFactory() {
        return ChatServers.factory(settings -> NettyChatServer.start(settings, new NettyOptions()));
    }
}
