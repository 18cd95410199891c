package dev.chatscale.virtual;

import dev.chatscale.blocking.BlockingChatServer;
import dev.chatscale.cli.ServerLauncher;
import java.util.concurrent.ThreadFactory;

/**
 * {@code server-virtual}: the blocking chat server with one <em>virtual</em> thread per connection.
 * It differs from {@code server-threaded} in exactly one line, {@link #connectionThreads()}: a
 * virtual thread parked in a socket read holds no OS thread, only a small heap-allocated stack, so
 * tens of thousands of idle clients cost a few carrier threads.
 *
 * <p>Usage: {@code java -jar server-virtual/target/server-virtual.jar [--port 6667] [--help]}.
 */
public final class Main {
    private Main() {}

    /** The one line that makes this server what it is. */
    static ThreadFactory connectionThreads() {
        return Thread.ofVirtual().factory();
    }

    public static void main(String[] args) {
        ServerLauncher.run("virtual", args, null, settings -> BlockingChatServer.start(settings, connectionThreads()));
    }
}
