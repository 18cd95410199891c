package dev.chatscale.testkit.reference;

import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.EncodedLine;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * A WebSocket client of the {@link ReferenceServer} (Netty codec): one text frame per line; the
 * SendQ releases bytes when Netty reports them written to the socket.
 */
final class WsRefConnection extends RefConnection {
    private final Hub hub;
    private final Set<RefConnection> connections;
    private volatile Channel channel;
    private volatile boolean binary;

    WsRefConnection(Hub hub, Set<RefConnection> connections) {
        super(hub);
        this.hub = hub;
        this.connections = connections;
    }

    SimpleChannelInboundHandler<WebSocketFrame> handler() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
                    channel = ctx.channel();
                    binary = "binary.ircv3.net".equals(done.selectedSubprotocol());
                    String ip = ((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress();
                    if (connections.size() >= hub.config().maxConnections()) {
                        EncodedLine refusal = hub.closingLink(ip, "Server full");
                        channel.write(new TextWebSocketFrame(
                                Unpooled.wrappedBuffer(refusal.array(), 0, refusal.contentLength())));
                        channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
                        return;
                    }
                    open(hub, ip);
                    connections.add(WsRefConnection.this);
                }
                super.userEventTriggered(ctx, evt);
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                byte[] bytes = ByteBufUtil.getBytes(frame.content());
                withSession(s -> s.onMessage(bytes, 0, bytes.length, System.currentTimeMillis()));
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                linkLost();
            }
        };
    }

    @Override
    protected void startDrain() {
        channel.eventLoop().execute(this::drain);
    }

    private void drain() {
        do {
            EncodedLine line;
            while ((line = queue.poll()) != null) {
                int n = line.length();
                var payload = Unpooled.wrappedBuffer(line.array(), 0, line.contentLength());
                channel.write(binary ? new BinaryWebSocketFrame(payload) : new TextWebSocketFrame(payload))
                        .addListener(f -> queue.written(n));
            }
            channel.flush();
        } while (endDrain());
    }

    @Override
    protected void abortTransport() {
        queue.close();
        Channel c = channel;
        if (c != null) {
            c.close(); // a close frame would wait behind the output the peer is not reading
        }
    }

    @Override
    protected void closeTransport() {
        queue.close();
        Channel c = channel;
        if (c != null) {
            c.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
