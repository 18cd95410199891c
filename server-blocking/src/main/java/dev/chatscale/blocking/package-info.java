/**
 * The blocking-socket chat server shared by {@code server-threaded} (platform threads) and
 * {@code server-virtual} (virtual threads): {@link dev.chatscale.blocking.BlockingChatServer} is
 * started with a {@link java.util.concurrent.ThreadFactory}, and that factory is the only thing
 * the two servers do not share.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>Acceptor (one per listener, platform): takes a connection permit, accepts, starts the
 *       connection's reader; refuses with "Server full" when no permit is free; backs off when
 *       out of descriptors.
 *   <li>Reader starters (three, platform): start each accepted connection's reader, so the acceptor
 *       returns to {@code accept()} without waiting for a new thread to be scheduled.
 *   <li>Reader (one per connection, from the factory, named {@code conn-<ip>:<port>}): blocks in
 *       {@code read} and drives the session; lives as long as the connection.
 *   <li>Writer (from the factory, same name): exists only while the connection's SendQueue has
 *       lines; started by the producer that gets {@code WAKE}, ends when the queue is empty.
 *   <li>Platform threads only: a reader or writer whose task has ended waits, idle (named
 *       {@code conn-idle}), for the next task of any connection; the retirer (one, platform) ends
 *       the idle ones one at a time ({@link dev.chatscale.blocking.RecycledThreads}), so a crowd
 *       leaving at once does not end thousands of threads together.
 *   <li>Sweeper (one, platform): ticks every session for registration and ping timeouts and cuts
 *       off closing flushes that take too long.
 * </ul>
 *
 * <h2>Locking rules</h2>
 * <ul>
 *   <li>A session is called only under its connection's {@code ReentrantLock}: by the reader for
 *       input, by the sweeper with {@code tryLock} (a busy session is skipped, never waited for),
 *       by shutdown with a bounded {@code tryLock}.
 *   <li>No lock is held while blocking on a socket; the outbound side is lock-free (atomic state
 *       on {@code VarHandle}s) and never blocks its callers.
 *   <li>No {@code synchronized} anywhere: a virtual thread that blocks while holding a monitor
 *       pins its carrier on older JDKs, and the same code must suit both thread kinds.
 * </ul>
 *
 * <p>The WebSocket codec (RFC 6455 over streams) lives in {@code dev.chatscale.blocking.websocket}.
 */
package dev.chatscale.blocking;
