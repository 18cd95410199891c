package dev.chatscale.threaded;

import dev.chatscale.blocking.BlockingChatServer;
import dev.chatscale.cli.ServerLauncher;
import java.util.concurrent.ThreadFactory;

/**
 * {@code server-threaded}: the blocking chat server with one <em>platform</em> (OS) thread per
 * connection. It differs from {@code server-virtual} in exactly one line,
 * {@link #connectionThreads(long)}, plus the {@code --thread-stack-size} flag that only platform
 * threads have ({@link ThreadedOptions}).
 *
 * <p>Usage: {@code java -jar server-threaded/target/server-threaded.jar [--thread-stack-size 256k] [--help]}.
 */
public final class Main {
    private Main() {}

    /** The one line that makes this server what it is. */
    static ThreadFactory connectionThreads(long stackSizeBytes) {
        return Thread.ofPlatform().daemon().stackSize(stackSizeBytes).factory();
    }

    public static void main(String[] args) {
        ThreadedOptions options = new ThreadedOptions();
        ServerLauncher.run("threaded", args, options,
                settings -> BlockingChatServer.start(settings, connectionThreads(options.stackSizeBytes())));
    }
}
