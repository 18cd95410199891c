package dev.chatscale.netty;

import dev.chatscale.protocol.wire.EncodedLine;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * How one connection puts an {@link EncodedLine} on the wire. Every variant wraps the line's shared
 * array without copying it ({@link Unpooled#wrappedBuffer(byte[], int, int)}): a broadcast's bytes
 * exist once however many sockets they go to.
 *
 * <p>Immutable and thread-safe.
 */
enum LineFormat {
    /** Plain TCP: the line with its CRLF. */
    TCP {
        @Override
        Object wrap(EncodedLine line) {
            return Unpooled.wrappedBuffer(line.array(), 0, line.length());
        }
    },
    /** WebSocket, {@code text.ircv3.net} or no subprotocol: one text frame per line, without CRLF. */
    WS_TEXT {
        @Override
        Object wrap(EncodedLine line) {
            return new TextWebSocketFrame(Unpooled.wrappedBuffer(line.array(), 0, line.contentLength()));
        }
    },
    /** WebSocket, {@code binary.ircv3.net}: one binary frame per line, without CRLF. */
    WS_BINARY {
        @Override
        Object wrap(EncodedLine line) {
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(line.array(), 0, line.contentLength()));
        }
    };

    /** The message to write to the channel for {@code line}. */
    abstract Object wrap(EncodedLine line);

    /** What to write last before closing: a WebSocket close frame 1000, or {@code null} for TCP. */
    Object closeMessage() {
        return this == TCP ? null : new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE);
    }

    /** The format for a negotiated WebSocket subprotocol ({@code null} = none offered). */
    static LineFormat forSubprotocol(String subprotocol) {
        return "binary.ircv3.net".equals(subprotocol) ? WS_BINARY : WS_TEXT;
    }
}
