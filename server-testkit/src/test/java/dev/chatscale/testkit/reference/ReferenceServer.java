package dev.chatscale.testkit.reference;

import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.testkit.TestServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The smallest honest transport around the protocol core, for checking the suite itself before the
 * real servers exist: TCP with a virtual reader thread per connection and a virtual writer on
 * demand; WebSocket through Netty's codec on one event loop; one sweeper ticks every session every
 * 50 ms. Not a product: a racy connection limit, no EMFILE handling, no writability back-pressure.
 */
final class ReferenceServer implements TestServer {

    private final Hub hub;
    private final ServerSocket listener;
    private final EventLoopGroup wsGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel wsListener;
    private final Set<RefConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final Thread sweeper;
    private volatile boolean closed;

    ReferenceServer(ServerConfig config) throws IOException, InterruptedException {
        hub = new Hub(config, System.currentTimeMillis(), Metrics.NONE);
        listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        wsListener = new ServerBootstrap().group(wsGroup).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        WsRefConnection c = new WsRefConnection(hub, connections);
                        ch.closeFuture().addListener(f -> connections.remove(c));
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/").subprotocols("text.ircv3.net,binary.ircv3.net")
                                        .maxFramePayloadLength(8192).build()),
                                new WebSocketFrameAggregator(8192),
                                c.handler());
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        acceptor = Thread.ofVirtual().name("ref-acceptor").start(this::acceptLoop);
        sweeper = Thread.ofVirtual().name("ref-sweeper").start(this::sweepLoop);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                if (connections.size() >= hub.config().maxConnections()) {
                    refuse(socket);
                    continue;
                }
                sockets.add(socket);
                TcpRefConnection c = new TcpRefConnection(hub, socket);
                connections.add(c);
                Thread.ofVirtual().name("ref-reader").start(() -> {
                    c.readLoop();
                    connections.remove(c);
                    sockets.remove(socket);
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private void refuse(Socket socket) {
        try (socket) {
            var line = hub.closingLink(socket.getInetAddress().getHostAddress(), "Server full");
            socket.getOutputStream().write(line.array(), 0, line.length());
        } catch (IOException e) {
            // refused either way
        }
    }

    private void sweepLoop() {
        while (!closed) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            for (RefConnection c : connections) {
                c.tick();
            }
        }
    }

    @Override
    public InetSocketAddress ircAddress() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    @Override
    public InetSocketAddress wsAddress() {
        return (InetSocketAddress) wsListener.localAddress();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
        sweeper.interrupt();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        wsListener.close();
        wsGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
