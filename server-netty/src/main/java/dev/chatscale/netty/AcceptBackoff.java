package dev.chatscale.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * On a listening channel: when {@code accept} fails with an {@link IOException} (EMFILE "Too many
 * open files", ENFILE, ENOBUFS...), stops accepting for a while instead of retrying at once: auto-read
 * off, back on after a backoff that starts at {@link #MIN_BACKOFF_MILLIS} and doubles up to
 * {@link #MAX_BACKOFF_MILLIS} while accepts keep failing; the first successful accept resets it.
 * Connected clients are unaffected; waiting clients stay in the kernel's backlog until a descriptor
 * frees up. Logs once when a burst of failures starts and once when accepting works again.
 *
 * <p>Why not Netty's own: {@code ServerBootstrap}'s acceptor pauses 1 s too, but then passes the
 * exception to the end of the pipeline, whose warning is formatted by {@code java.util.logging}
 * with the time zone data: its first use opens {@code lib/tzdb.dat}, which under EMFILE throws an
 * {@link Error} that killed the accept event loop (found by {@code DescriptorExhaustionTest}).
 * This handler sits before that acceptor and consumes accept failures.
 *
 * <p>Thread-safety: one instance per listening channel; all state is confined to its event loop.
 */
final class AcceptBackoff extends ChannelInboundHandlerAdapter {
    static final long MIN_BACKOFF_MILLIS = 10;
    static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final System.Logger LOG = System.getLogger(AcceptBackoff.class.getName());

    /** Guarded by the channel's event loop: the next pause; 0 while accepts succeed. */
    private long backoffMillis;
    /** Guarded by the channel's event loop: failed accepts in the current burst. */
    private long failures;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object child) {
        if (failures > 0) {
            LOG.log(Level.INFO, "accepting again on " + ctx.channel().localAddress() + " after " + failures
                    + " failed accept(s)");
            failures = 0;
            backoffMillis = 0;
        }
        ctx.fireChannelRead(child);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (failures++ == 0) {
            LOG.log(Level.WARNING, "accept failed on " + ctx.channel().localAddress() + ": " + cause.getMessage()
                    + "; pausing accepts (up to " + MAX_BACKOFF_MILLIS + " ms at a time) until it works again");
        }
        backoffMillis = backoffMillis == 0 ? MIN_BACKOFF_MILLIS : Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> {
                if (ctx.channel().isOpen()) {
                    ctx.channel().config().setAutoRead(true);
                }
            }, backoffMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The current pause (tests). */
    long backoffMillis() {
        return backoffMillis;
    }
}
