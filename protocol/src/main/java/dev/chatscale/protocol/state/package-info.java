/**
 * The hub: the state every session shares (nicks, channels) and the operations that change it.
 *
 * <h2>Locking rules</h2>
 * <ul>
 *   <li>Nicks and channels live in {@link java.util.concurrent.ConcurrentHashMap}s keyed by the
 *       ASCII-folded name; claiming a nick is one {@code putIfAbsent}.</li>
 *   <li>Each {@link dev.chatscale.protocol.state.Channel} guards its member list with its own
 *       {@link java.util.concurrent.locks.ReentrantLock} and publishes an immutable member array
 *       through a volatile field, so fan-out (PRIVMSG, QUIT, NICK) reads members without locking.</li>
 *   <li>Hold at most one channel lock at a time, and nothing else while holding it except the
 *       channel map's own internal locking (removing an emptied channel); never the reverse.</li>
 *   <li>Never do I/O, sleep, block or call {@link dev.chatscale.protocol.session.Outbound#offer}
 *       under a lock: lines are offered after the lock is released.</li>
 *   <li>No {@code synchronized} anywhere (it pins virtual threads on older JDKs and hides lock
 *       ordering).</li>
 *   <li>A {@link dev.chatscale.protocol.state.Client}'s own channel list is written only by its
 *       session's thread; others read its volatile snapshot.</li>
 * </ul>
 * Invariants kept under any interleaving: a channel in the map has at least one member or is
 * about to be created by a JOIN (an emptied channel is marked dead and removed under its lock, and a
 * JOIN that meets a dead channel retries); a closed client holds no nick and no membership.
 */
package dev.chatscale.protocol.state;
