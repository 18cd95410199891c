package dev.chatscale.netty;

import dev.chatscale.protocol.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * One plain-TCP IRC connection: owns its {@link Session} and its {@link ChannelOutbound}.
 *
 * <p>Reads go straight to {@link Session#onBytes} (framing happens in the core): a heap buffer's
 * array is passed as is, a direct buffer is copied through the event loop's scratch array, and every
 * buffer is released at once, so an idle connection holds no read buffer. Loss of the link becomes
 * {@link Session#onDisconnect} with {@code "Remote host closed the connection"} or the reason the
 * outbound recorded (SendQ overflow). Exceptions close the channel; they never escape.
 *
 * <p>Thread-safety: confined to the channel's event loop (a new instance per channel).
 */
final class IrcConnectionHandler extends LoopMember {
    private static final System.Logger LOG = System.getLogger(IrcConnectionHandler.class.getName());
    static final String REMOTE_CLOSED = "Remote host closed the connection";

    private final ServerContext server;
    /** Guarded by the event loop; null until active and admitted. */
    private LoopState loop;
    private ChannelOutbound outbound;
    private Session session;

    IrcConnectionHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String ip = ServerContext.peerIp(ctx.channel());
        if (!server.limiter().tryAcquire()) {
            ctx.writeAndFlush(LineFormat.TCP.wrap(server.hub().closingLink(ip, "Server full")))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        loop = server.loop(ctx.channel().eventLoop());
        outbound = new ChannelOutbound(ctx.channel(), LineFormat.TCP, server.outboundSettings());
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
        ByteBuf buf = (ByteBuf) msg;
        try {
            Session s = session;
            if (s == null || s.isClosed()) {
                return;
            }
            long now = server.now();
            int len = buf.readableBytes();
            server.hub().metrics().bytesIn(len);
            if (buf.hasArray()) {
                s.onBytes(buf.array(), buf.arrayOffset() + buf.readerIndex(), len, now);
            } else {
                byte[] scratch = loop.scratch();
                int at = buf.readerIndex();
                while (len > 0 && !s.isClosed()) {
                    int n = Math.min(len, scratch.length);
                    buf.getBytes(at, scratch, 0, n);
                    s.onBytes(scratch, 0, n, now);
                    at += n;
                    len -= n;
                }
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (outbound != null && ctx.channel().isWritable()) {
            outbound.resume();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session == null) {
            return;
        }
        loop.remove(this);
        outbound.channelClosed();
        String reason = outbound.closeReason();
        Session s = session;
        try {
            s.onDisconnect(reason != null ? reason : REMOTE_CLOSED, server.now());
        } finally {
            server.limiter().release();
        }
    }

    /**
     * EOF from the client (the channel allows half-closure, so Netty does not close by itself): the
     * session ends first, releasing the nick and telling peers, and only then is the socket closed.
     * Closing first let the client see its link end while its nick was still registered (a client
     * reconnecting at once got 433, a WHOIS still found it). channelInactive's later onDisconnect is a no-op.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            Session s = session;
            if (s != null) {
                String reason = outbound.closeReason();
                s.onDisconnect(reason != null ? reason : REMOTE_CLOSED, server.now());
            }
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
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
