package dev.chatscale.netty;

import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A per-connection handler that its event loop's {@link LoopState} ticks for timeouts and reaches on
 * shutdown. The links of the loop's intrusive list live here, so membership costs two references and
 * no map entry.
 *
 * <p>Thread-safety: confined to the channel's event loop (the links are guarded by that loop).
 */
abstract class LoopMember extends ChannelInboundHandlerAdapter {
    /** Guarded by the event loop: neighbours in {@link LoopState}'s list. */
    LoopMember prev;
    LoopMember next;
    /** Guarded by the event loop: whether this member is in its loop's list. */
    boolean linked;

    /** Timeouts: called about every tick period with the loop's clock. Must not throw. */
    abstract void onTick(long now);

    /** The server is stopping: say goodbye to the client and close. */
    abstract void onShutdown(String reason, long now);
}
