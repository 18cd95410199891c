package dev.chatscale.netty;

import dev.chatscale.cli.ServerLauncher;

/**
 * {@code java -jar server-netty.jar [--port 6667] [--ws-port 8080] [--transport auto|epoll|nio] [--workers N] ...}:
 * the Netty chat server behind the common command line of {@link ServerLauncher}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        NettyOptions options = new NettyOptions();
        ServerLauncher.run("netty", args, options, settings -> NettyChatServer.start(settings, options));
    }
}
