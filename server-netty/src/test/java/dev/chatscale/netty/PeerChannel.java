package dev.chatscale.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An {@link EmbeddedChannel} whose peer is 127.0.0.1:50000, with helpers to read what was written. */
class PeerChannel extends EmbeddedChannel {
    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 50_000);

    PeerChannel(ChannelHandler... handlers) {
        super(handlers);
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return PEER;
    }

    /** Makes the channel unwritable (as if its outbound buffer were above the high watermark) or writable again. */
    void writable(boolean writable) {
        unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
    }

    /** Everything written so far as text, releasing the buffers (TCP: raw bytes; WebSocket: one frame per element). */
    List<String> drainText() {
        List<String> out = new ArrayList<>();
        for (Object o = readOutbound(); o != null; o = readOutbound()) {
            ByteBuf b = o instanceof WebSocketFrame f ? f.content() : (ByteBuf) o;
            out.add(b.toString(StandardCharsets.UTF_8));
            io.netty.util.ReferenceCountUtil.release(o);
        }
        return out;
    }

    /** Everything written so far, as one string (TCP). */
    String drainJoined() {
        return String.join("", drainText());
    }
}
