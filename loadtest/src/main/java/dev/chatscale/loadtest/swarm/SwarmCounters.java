package dev.chatscale.loadtest.swarm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one swarm population: how many users connected, registered (got 001), joined their
 * room (got 366), failed before joining (connect error, ERROR line, nick refused, closed early), and
 * dropped after joining (the server closed an idle member). Thread-safe ({@link LongAdder}s).
 */
final class SwarmCounters {
    final LongAdder started = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder registered = new LongAdder();
    final LongAdder joined = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    /** Set when the swarm itself starts closing its sockets: closes after that are not drops. */
    final AtomicBoolean closing = new AtomicBoolean();

    /** Users that reached a final state of the setup (joined or failed). */
    long settled() {
        return joined.sum() + failed.sum();
    }

    /** The counters by name, for the status file and JSON. */
    Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("started", started.sum());
        m.put("connected", connected.sum());
        m.put("registered", registered.sum());
        m.put("joined", joined.sum());
        m.put("failed", failed.sum());
        m.put("dropped", dropped.sum());
        return m;
    }
}
