/**
 * RFC 6455 WebSocket server side over blocking {@code java.io} streams, for the blocking servers
 * (one platform or virtual thread per connection), speaking the IRCv3 WebSocket binding
 * ({@code PROTOCOL.md} §8).
 *
 * <p>How a connection uses it (the caller owns the socket, its timeouts and its threads):
 * <pre>{@code
 * socket.setSoTimeout(handshakeMillis);                     // bounds each read of the request head
 * HandshakeResult hs = handshake.accept(socket.getInputStream(), socket.getOutputStream());
 * if (!hs.upgraded()) { socket.close(); return; }           // 200 page, 400, 405 or 431 already sent
 * socket.setSoTimeout(0);
 * FrameWriter writer = new FrameWriter(socket.getOutputStream()); // shared by reader and writer threads
 * FrameReader reader = new FrameReader(hs.input(), writer, (buf, off, len) -> session.onMessage(buf, off, len, now()));
 * try { while (reader.readMessage()) { } }                  // false: peer closed (close frame or EOF)
 * catch (WebSocketException e) { ... }                      // protocol violation, close frame already sent
 * catch (IOException e) { ... }                             // EOF mid-frame, reset, ...
 * // outgoing lines, on the writer thread: writer.writeMessage(hs.frameType(), line.array(), 0, line.contentLength())
 * }</pre>
 *
 * <p>Memory: nothing larger than a few dozen bytes is held between frames; payload buffers are
 * allocated per message, sized by the frame length and bounded by
 * {@link dev.chatscale.blocking.websocket.FrameReader#MAX_MESSAGE_BYTES}.
 *
 * <p>No {@code synchronized} anywhere: {@link dev.chatscale.blocking.websocket.FrameWriter} guards
 * its stream with a {@link java.util.concurrent.locks.ReentrantLock} so virtual threads never pin.
 */
package dev.chatscale.blocking.websocket;
