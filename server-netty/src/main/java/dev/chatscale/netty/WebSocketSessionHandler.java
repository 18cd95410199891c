package dev.chatscale.netty;

import dev.chatscale.protocol.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * One IRC-over-WebSocket connection (IRCv3 binding) after the handshake: owns its {@link Session}
 * and its {@link ChannelOutbound}. Each (reassembled) text or binary message is one IRC line for
 * {@link Session#onMessage}; outbound lines go out as text frames, or binary frames when the client
 * chose {@code binary.ircv3.net}.
 *
 * <p>Ping/pong, the closing handshake, masking (1002), frame size (1009) and UTF-8 (1007) checks
 * happen in Netty's decoder and protocol handler before this one; a fragmented message over
 * {@link NettyChatServer#MAX_WS_MESSAGE} bytes is closed here with 1009.
 *
 * <p>Thread-safety: confined to the channel's event loop (a new instance per channel).
 */
final class WebSocketSessionHandler extends LoopMember {
    private static final System.Logger LOG = System.getLogger(WebSocketSessionHandler.class.getName());

    private final ServerContext server;
    /** Guarded by the event loop; null until the handshake completed and the connection was admitted. */
    private LoopState loop;
    private ChannelOutbound outbound;
    private Session session;

    WebSocketSessionHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof HandshakeComplete done)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        LineFormat format = LineFormat.forSubprotocol(done.selectedSubprotocol());
        String ip = ServerContext.peerIp(ctx.channel());
        if (!server.limiter().tryAcquire()) {
            ctx.channel().write(format.wrap(server.hub().closingLink(ip, "Server full")));
            ctx.channel().writeAndFlush(format.closeMessage()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        loop = server.loop(ctx.channel().eventLoop());
        outbound = new ChannelOutbound(ctx.channel(), format, server.outboundSettings());
        session = server.hub().connect(ip, outbound, server.now());
        loop.add(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            Session s = session;
            if (s == null || s.isClosed()) {
                return;
            }
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                ByteBuf content = ((WebSocketFrame) msg).content();
                int len = content.readableBytes();
                server.hub().metrics().bytesIn(len);
                if (content.hasArray()) {
                    s.onMessage(content.array(), content.arrayOffset() + content.readerIndex(), len, server.now());
                } else {
                    byte[] scratch = loop.scratch();
                    // the frame aggregator bounds a message to MAX_WS_MESSAGE <= scratch length
                    content.getBytes(content.readerIndex(), scratch, 0, len);
                    s.onMessage(scratch, 0, len, server.now());
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (outbound != null && ctx.channel().isWritable()) {
            outbound.resume();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session == null) {
            return;
        }
        loop.remove(this);
        outbound.channelClosed();
        String reason = outbound.closeReason();
        try {
            session.onDisconnect(reason != null ? reason : IrcConnectionHandler.REMOTE_CLOSED, server.now());
        } finally {
            server.limiter().release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // RFC 6455 §7.4.1: 1009 = a message too big to process
            ctx.channel().writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!(cause instanceof IOException) && !(cause instanceof CorruptedWebSocketFrameException)) {
            LOG.log(Level.WARNING, "closing " + ctx.channel() + " after an unexpected error", cause);
        }
        ctx.close();
    }

    @Override
    void onTick(long now) {
        if (session != null) {
            session.onTick(now);
        }
    }

    @Override
    void onShutdown(String reason, long now) {
        if (session != null) {
            session.shutdown(reason, now);
        }
    }
}
