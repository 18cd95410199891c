package dev.chatscale.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of the WebSocket port, before any upgrade. A WebSocket upgrade request (any path) is
 * answered by Netty's handshaker (subprotocols picked in the client's order and echoed), which swaps
 * the HTTP codec and aggregator for the frame decoder and encoder; this handler then leaves the
 * pipeline and tells {@link WebSocketSessionHandler} with an {@link Upgraded} event. The handshaker
 * is not kept. A bad handshake gets HTTP 400 with a one-line reason, an unsupported version 400 with
 * {@code Sec-WebSocket-Version: 13}; a
 * plain {@code GET} gets a short text page saying how to connect; other requests get 405 (400 for a
 * non-path URI). Every non-upgrade response closes the connection.
 *
 * <p>A connection that sends no request within the registration timeout is closed by the event
 * loop's tick (no timer of its own).
 *
 * <p>Thread-safety: confined to the channel's event loop (a new instance per channel).
 */
final class WebSocketPageHandler extends LoopMember {
    /** The WebSocket is up: the subprotocol chosen ({@code null} when the client offered none). */
    record Upgraded(String subprotocol) {}

    private final ServerContext server;
    private final WebSocketServerHandshakerFactory handshakers;
    private final byte[] page;
    /** Guarded by the event loop. */
    private ChannelHandlerContext ctx;
    private LoopState loop;
    private long openedAt;

    /**
     * @param handshakers the server's handshaker factory (shared)
     * @param page the UTF-8 text served to plain GET requests (shared, read only)
     */
    WebSocketPageHandler(ServerContext server, WebSocketServerHandshakerFactory handshakers, byte[] page) {
        this.server = server;
        this.handshakers = handshakers;
        this.page = page;
    }

    /** The text page: where to connect with an IRC client, telnet or a WebSocket. */
    static byte[] pageText(String serverName, String ircHostPort, String wsHostPort) {
        String text = "chatscale IRC server " + serverName + "\n\n"
                + "This port speaks IRC over WebSocket (IRCv3 binding, subprotocol text.ircv3.net or binary.ircv3.net):\n"
                + "  ws://" + wsHostPort + "/\n\n"
                + "Plain IRC (TCP) is on " + ircHostPort + ":\n"
                + "  telnet " + ircHostPort.replace(':', ' ') + "      (then type: NICK alice / USER alice 0 * :Alice / JOIN #chat)\n"
                + "  irssi -c " + ircHostPort.substring(0, ircHostPort.lastIndexOf(':')) + " -p "
                + ircHostPort.substring(ircHostPort.lastIndexOf(':') + 1) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        loop = server.loop(ctx.channel().eventLoop());
        openedAt = server.now();
        loop.add(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        boolean upgrade = req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        try {
            if (upgrade && req.uri().startsWith("/")) {
                upgrade(ctx, req);
            } else if (upgrade) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, "Bad WebSocket request target\n".getBytes(StandardCharsets.UTF_8), false);
            } else if (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD)) {
                respond(ctx, HttpResponseStatus.OK, page, req.method().equals(HttpMethod.HEAD));
            } else {
                respond(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "Use GET\n".getBytes(StandardCharsets.UTF_8), false);
            }
        } finally {
            req.release();
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req) {
        // Only RFC 6455 (version 13): Netty's factory would also speak hixie-76 (no version header)
        // and hybi-07/08, which the blocking servers refuse.
        WebSocketServerHandshaker handshaker = "13".equals(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))
                ? handshakers.newHandshaker(req) : null;
        if (handshaker == null) {
            // RFC 6455 §4.4: refuse and name the version we speak; 400 like the blocking servers
            // (Netty's sendUnsupportedVersionResponse answers 426, so the servers differed)
            FullHttpResponse res = response(HttpResponseStatus.BAD_REQUEST,
                    "Unsupported Sec-WebSocket-Version (this server speaks 13)\n".getBytes(StandardCharsets.UTF_8), false);
            res.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        try {
            // writes the 101 and puts the frame decoder/encoder in place of the HTTP codec
            handshaker.handshake(ctx.channel(), req).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } catch (WebSocketHandshakeException e) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8), false);
            return;
        }
        ctx.pipeline().remove(this);
        // frames written from now on pass the HTTP encoder untouched and go out after the 101
        ctx.fireUserEventTriggered(new Upgraded(handshaker.selectedSubprotocol()));
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body, boolean headOnly) {
        ctx.writeAndFlush(response(status, body, headOnly)).addListener(ChannelFutureListener.CLOSE);
    }

    /** A plain-text response that closes the connection. */
    private static FullHttpResponse response(HttpResponseStatus status, byte[] body, boolean headOnly) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                headOnly ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return res;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (loop != null) {
            loop.remove(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (loop != null) {
            loop.remove(this);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    void onTick(long now) {
        if (now - openedAt >= server.config().registrationTimeout().toMillis()) {
            ctx.close();
        }
    }

    @Override
    void onShutdown(String reason, long now) {
        ctx.close();
    }
}
