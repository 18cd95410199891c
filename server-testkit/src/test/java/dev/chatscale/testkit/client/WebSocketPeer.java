package dev.chatscale.testkit.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A loopback WebSocket server (Netty) that records text messages and sends what a test tells it (test helper). */
final class WebSocketPeer implements AutoCloseable {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Channel> connected = new CompletableFuture<>();
    final CompletableFuture<Void> disconnected = new CompletableFuture<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;

    /** @param subprotocols comma-separated subprotocols to accept, or {@code null} for none */
    WebSocketPeer(String subprotocols) throws InterruptedException {
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.closeFuture().addListener(f -> disconnected.complete(null));
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler("/", subprotocols),
                                new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                                            connected.complete(ctx.channel());
                                        }
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame msg) {
                                        received.add(msg.text());
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    Channel channel() throws Exception {
        return connected.get(5, TimeUnit.SECONDS);
    }

    void sendText(String text) throws Exception {
        channel().writeAndFlush(new TextWebSocketFrame(text)).sync();
    }

    void sendClose() throws Exception {
        channel().writeAndFlush(new CloseWebSocketFrame(1000, "bye")).sync();
    }

    @Override
    public void close() {
        listener.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
