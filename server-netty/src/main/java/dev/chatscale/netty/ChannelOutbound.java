package dev.chatscale.netty;

import dev.chatscale.protocol.session.Outbound;
import dev.chatscale.protocol.session.SendQueue;
import dev.chatscale.protocol.wire.EncodedLine;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Outbound} of one Netty channel: a byte-bounded {@link SendQueue} drained on the
 * channel's event loop.
 *
 * <p>The producer that wakes the queue schedules ONE drain task on the event loop; the drain writes
 * every queued line (each wrapping the shared {@link EncodedLine} array, no copy), flushes once, and
 * reports the batch's bytes to the queue when the flush's last write completes. While the channel is
 * not writable (its outbound buffer is above the high watermark) the drain pauses, keeping the
 * drain role, and {@link #resume()} continues it on {@code channelWritabilityChanged}. Bytes count
 * against the SendQ until Netty has written them to the socket, so a client that stops reading is
 * dropped with {@code ERROR :Closing Link: <ip> (Max SendQ exceeded)} once its backlog passes
 * {@code maxSendQBytes}; the sender is never slowed.
 *
 * <p>{@link #close()} writes what is queued and closes the channel when the writes complete, or
 * after {@value #CLOSE_GRACE_MILLIS} ms if the peer does not take them. An overflow closes at once
 * after one flush of the ERROR line (a peer that stopped reading would never take it).
 *
 * <p>Thread-safety: {@link #offer} and {@link #close} from any thread; everything else on the
 * channel's event loop. An idle instance holds no buffer and no timer.
 */
final class ChannelOutbound implements Outbound, Runnable {
    /** How long a closing connection may take to flush its last lines. */
    static final long CLOSE_GRACE_MILLIS = 2_000;
    static final String SENDQ_EXCEEDED = "Max SendQ exceeded";

    private final Channel channel;
    private final SendQueue queue;
    private final LineFormat format;
    private final OutboundSettings settings;
    /** Set (any thread) once a close was asked for; later offers are dropped. */
    private volatile boolean closing;
    /** Why the transport closed the link on its own ({@code null}: it did not). Written before {@link #closing}. */
    private volatile String closeReason;
    /** Guarded by the event loop: a drain holds the role but waits for writability. */
    private boolean paused;
    /** Guarded by the event loop: the closing writes were issued. */
    private boolean closed;

    ChannelOutbound(Channel channel, LineFormat format, OutboundSettings settings) {
        this.channel = channel;
        this.format = format;
        this.settings = settings;
        this.queue = new SendQueue(settings.maxSendQBytes());
    }

    @Override
    public boolean offer(EncodedLine line) {
        if (closing) {
            return false;
        }
        switch (queue.offer(line)) {
            case QUEUED:
                return true;
            case WAKE:
                execute(this);
                return true;
            case OVERFLOW:
                overflow();
                return false;
            default:
                return false;
        }
    }

    /** The drain task. Event loop only, by the holder of the drain role. */
    @Override
    public void run() {
        paused = false;
        if (closed || !channel.isActive()) {
            return;
        }
        Object last = null;
        int bytes = 0;
        while (true) {
            if (!channel.isWritable()) {
                paused = true;
                break;
            }
            EncodedLine line = queue.poll();
            if (line == null) {
                if (queue.endDrain()) {
                    continue;
                }
                break;
            }
            if (last != null) {
                channel.write(last, channel.voidPromise());
            }
            last = format.wrap(line);
            bytes += line.length();
        }
        if (last != null) {
            int batch = bytes;
            channel.write(last).addListener(f -> {
                if (f.isSuccess()) {
                    queue.written(batch);
                    settings.metrics().bytesOut(batch);
                }
            });
            channel.flush();
        }
    }

    /** The channel became writable again: continue a paused drain. Event loop only. */
    void resume() {
        if (paused && channel.isWritable()) {
            run();
        }
    }

    /** Flushes what is queued, then closes the channel. Idempotent; any thread. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        execute(this::finishClose);
    }

    /** Why the transport dropped the link itself (e.g. {@value #SENDQ_EXCEEDED}), or {@code null}. */
    String closeReason() {
        return closeReason;
    }

    /** Bytes queued and not yet written to the socket. */
    long pendingBytes() {
        return queue.pendingBytes();
    }

    /** The channel closed: drop whatever is still queued. Event loop only. */
    void channelClosed() {
        closed = true;
        closing = true;
        queue.close();
    }

    private void overflow() {
        settings.metrics().sendQueueDrop();
        closeReason = SENDQ_EXCEEDED;
        closing = true;
        execute(() -> {
            if (closed) {
                return;
            }
            closed = true;
            channel.config().setAutoRead(false);
            EncodedLine error = settings.closingLink().apply(ServerContext.peerIp(channel), SENDQ_EXCEEDED);
            // Best effort and no waiting: the flush puts the line on the socket only if the peer
            // makes room right now; a peer that stopped reading would never take it.
            channel.writeAndFlush(format.wrap(error));
            channel.close();
        });
    }

    /** Writes what is still queued (ignoring writability: the SendQ bounds it), then closes. */
    private void finishClose() {
        if (closed) {
            return;
        }
        closed = true;
        if (!channel.isActive()) {
            queue.close();
            return;
        }
        ChannelFuture lastWrite = null;
        int bytes = 0;
        for (EncodedLine line = queue.poll(); line != null; line = queue.poll()) {
            lastWrite = channel.write(format.wrap(line));
            bytes += line.length();
        }
        queue.close();
        if (lastWrite != null) {
            int batch = bytes;
            lastWrite.addListener(f -> {
                if (f.isSuccess()) {
                    queue.written(batch);
                    settings.metrics().bytesOut(batch);
                }
            });
        }
        Object goodbye = format.closeMessage();
        if (goodbye != null) {
            lastWrite = channel.write(goodbye);
        }
        channel.flush();
        closeAfter(lastWrite != null ? lastWrite : channel.newSucceededFuture());
    }

    /** Closes when {@code write} completes, or after the grace period at the latest. */
    private void closeAfter(ChannelFuture write) {
        write.addListener(ChannelFutureListener.CLOSE);
        if (!write.isDone()) {
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void execute(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down: the channel closes with it
            queue.close();
        }
    }
}
