package dev.chatscale.threaded;

import dev.chatscale.blocking.BlockingChatServer;
import dev.chatscale.testkit.ChatServers;
import dev.chatscale.testkit.ConformanceSuite;
import dev.chatscale.testkit.TestServerFactory;

/**
 * The whole server-testkit suite, over TCP and WebSocket, against the blocking server on platform
 * threads with the default stack size of {@code --thread-stack-size}.
 */
class ThreadedConformanceTest extends ConformanceSuite {
    @Override
    protected TestServerFactory serverFactory() {
        return ChatServers.factory(settings -> BlockingChatServer.start(settings, Main.connectionThreads(ThreadedOptions.DEFAULT_STACK_SIZE)));
    }
}
