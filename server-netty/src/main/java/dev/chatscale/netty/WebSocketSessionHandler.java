package dev.chatscale.netty;

import dev.chatscale.protocol.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * One IRC-over-WebSocket connection (IRCv3 binding) after the upgrade: owns its {@link Session} and
 * its {@link ChannelOutbound}, and is the only handler besides Netty's frame decoder and encoder (no
 * protocol handler, aggregator or validator per connection: this class does their small jobs).
 *
 * <ul>
 *   <li>Each message, reassembled from fragments when needed, is one IRC line for
 *       {@link Session#onMessage}; outbound lines go out as text frames, or binary frames when the
 *       client chose {@code binary.ircv3.net}.
 *   <li>Ping → pong with the same payload; pong ignored; a client close frame is echoed, then the
 *       connection closes ({@link Session#onDisconnect} with "Remote host closed the connection").
 *   <li>RFC 6455 §7.4.1 close codes: a message over {@link NettyChatServer#MAX_WS_MESSAGE} bytes →
 *       1009 (single frames are caught by the decoder, fragmented ones here); invalid UTF-8 in a text
 *       message → 1007; unmasked or otherwise malformed frames → 1002 (the decoder).
 * </ul>
 * A fragment buffer exists only while a fragmented message is incomplete.
 *
 * <p>Thread-safety: confined to the channel's event loop (a new instance per channel).
 */
final class WebSocketSessionHandler extends LoopMember {
    private static final System.Logger LOG = System.getLogger(WebSocketSessionHandler.class.getName());

    private final ServerContext server;
    /** Guarded by the event loop; null until the upgrade completed and the connection was admitted. */
    private LoopState loop;
    private ChannelOutbound outbound;
    private Session session;
    /** Guarded by the event loop: fragments of an incomplete message, or null. */
    private ByteBuf partial;
    private boolean partialIsText;

    WebSocketSessionHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof WebSocketPageHandler.Upgraded up)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        LineFormat format = LineFormat.forSubprotocol(up.subprotocol());
        String ip = ServerContext.peerIp(ctx.channel());
        if (!server.limiter().tryAcquire()) {
            ctx.channel().write(format.wrap(server.hub().closingLink(ip, "Server full")));
            ctx.channel().writeAndFlush(format.closeMessage()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        loop = server.loop(ctx.channel().eventLoop());
        outbound = new ChannelOutbound(ctx.channel(), format, server.outboundSettings());
        try {
            session = server.hub().connect(ip, outbound, server.now());
        } catch (RuntimeException e) {
            server.limiter().release(); // no session: channelInactive will not release the slot
            throw e;
        }
        loop.add(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                // RFC 6455 §5.5.1: answer with a close frame (echoing the status), then close
                stopOutput();
                ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content().retain()))
                        .addListener(ChannelFutureListener.CLOSE);
            } else if (msg instanceof WebSocketFrame frame && !(msg instanceof PongWebSocketFrame)) {
                dataFrame(ctx, frame);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** A text, binary or continuation frame (the decoder enforces the fragmentation rules). */
    private void dataFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (session == null || session.isClosed()) {
            return;
        }
        ByteBuf content = frame.content();
        if (partial == null && frame.isFinalFragment()) {
            deliver(ctx, content, frame instanceof TextWebSocketFrame);
            return;
        }
        if (partial == null) {
            partial = ctx.alloc().heapBuffer(Math.min(2 * content.readableBytes(), NettyChatServer.MAX_WS_MESSAGE));
            partialIsText = frame instanceof TextWebSocketFrame;
        }
        if (partial.readableBytes() + content.readableBytes() > NettyChatServer.MAX_WS_MESSAGE) {
            closeWith(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG);
            return;
        }
        partial.writeBytes(content);
        if (frame.isFinalFragment()) {
            ByteBuf message = partial;
            partial = null;
            try {
                deliver(ctx, message, partialIsText);
            } finally {
                message.release();
            }
        }
    }

    private void deliver(ChannelHandlerContext ctx, ByteBuf content, boolean text) {
        if (text && !ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
            closeWith(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
            return;
        }
        int len = content.readableBytes();
        server.hub().metrics().bytesIn(len);
        if (content.hasArray()) {
            session.onMessage(content.array(), content.arrayOffset() + content.readerIndex(), len, server.now());
        } else {
            byte[] scratch = loop.scratch(); // MAX_WS_MESSAGE <= scratch length
            content.getBytes(content.readerIndex(), scratch, 0, len);
            session.onMessage(scratch, 0, len, server.now());
        }
    }

    /** Sends a close frame with {@code status} (nothing after it) and closes the connection. */
    private void closeWith(ChannelHandlerContext ctx, WebSocketCloseStatus status) {
        stopOutput();
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
    }

    /** No more lines after a close frame. */
    private void stopOutput() {
        releasePartial();
        if (outbound != null) {
            outbound.channelClosed();
        }
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
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
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartial();
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
        if (cause instanceof CorruptedWebSocketFrameException) {
            // the decoder already sent the close frame (1002/1009) and closes after it
            stopOutput();
            return;
        }
        if (!(cause instanceof IOException)) {
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
