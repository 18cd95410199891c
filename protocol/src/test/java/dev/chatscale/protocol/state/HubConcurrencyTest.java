package dev.chatscale.protocol.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.protocol.config.ServerConfig;
import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.session.Outbound;
import dev.chatscale.protocol.session.Session;
import dev.chatscale.protocol.wire.EncodedLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many sessions on many threads at once; each session stays confined to one thread, as transports
 * guarantee. Checks the hub's invariants: no ghost nicks, no lost members, no empty channels.
 */
class HubConcurrencyTest {
    private static final long NOW = 1_700_000_000_000L;

    /** Keeps the lines that mention a 433, counts the rest. */
    static final class Sink implements Outbound {
        final ConcurrentLinkedQueue<String> numerics = new ConcurrentLinkedQueue<>();
        final AtomicInteger lines = new AtomicInteger();
        final AtomicInteger joins = new AtomicInteger();
        volatile boolean closed;

        @Override
        public boolean offer(EncodedLine line) {
            if (line.length() > 512) {
                throw new AssertionError("line over 512 bytes");
            }
            lines.incrementAndGet();
            String s = line.toString();
            if (s.endsWith(" JOIN #crowd")) {
                joins.incrementAndGet();
            }
            if (s.contains(" 433 ") || s.contains(" 001 ")) {
                numerics.add(s);
            }
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final Hub hub = new Hub(ServerConfig.defaults().withoutFloodControl(), NOW, Metrics.NONE);

    private static void send(Session s, String line) {
        byte[] b = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        s.onBytes(b, 0, b.length, NOW);
    }

    private static Session findSession(List<Session> sessions, Client c) {
        for (Session s : sessions) {
            if (s.client() == c) {
                return s;
            }
        }
        throw new AssertionError("no session for " + c);
    }

    private Session register(String nick, Sink sink) {
        Session s = hub.connect("127.0.0.1", sink, NOW);
        send(s, "NICK " + nick);
        send(s, "USER u 0 * :r");
        return s;
    }

    @Test
    @Timeout(60)
    void nickCollisionsUnderConcurrencyHaveExactlyOneWinner() throws Exception {
        int threads = 6;
        int rounds = 300;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        AtomicInteger winners = new AtomicInteger();
        AtomicInteger losers = new AtomicInteger();
        List<Thread> list = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            list.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        Sink sink = new Sink();
                        Session s = hub.connect("127.0.0.1", sink, NOW);
                        send(s, "USER u 0 * :r");
                        barrier.await();
                        send(s, "NICK " + (r % 2 == 0 ? "Same" + r : "sAME" + r));
                        barrier.await();
                        if (s.isRegistered()) {
                            winners.incrementAndGet();
                        } else {
                            assertThat(sink.numerics).singleElement().asString().contains(" 433 * ");
                            losers.incrementAndGet();
                        }
                        barrier.await();
                        send(s, "QUIT");
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    barrier.reset();
                }
            }));
        }
        for (Thread t : list) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(winners.get()).isEqualTo(rounds);
        assertThat(losers.get()).isEqualTo(rounds * (threads - 1));
        assertThat(hub.connectionCount()).isZero();
        assertThat(hub.userCount()).isZero();
        for (int r = 0; r < rounds; r++) {
            assertThat(hub.nickInUse("same" + r)).as("no ghost nick").isFalse();
        }
    }

    @Test
    @Timeout(120)
    void concurrentJoinPartQuitKeepMembershipConsistent() throws Exception {
        int threads = 6;
        int sessionsPerThread = 8;
        int steps = 4_000;
        String[] channels = {"#a", "#b", "#c", "#d", "#e"};
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<List<Session>> live = new ArrayList<>();
        List<Thread> list = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(threads);
        for (int t = 0; t < threads; t++) {
            List<Session> mine = new ArrayList<>();
            live.add(mine);
            int thread = t;
            list.add(Thread.ofPlatform().start(() -> {
                try {
                    Random random = new Random(thread);
                    int serial = 0;
                    for (int i = 0; i < sessionsPerThread; i++) {
                        mine.add(register("t" + thread + "n" + serial++, new Sink()));
                    }
                    start.await();
                    for (int step = 0; step < steps; step++) {
                        int i = random.nextInt(mine.size());
                        Session s = mine.get(i);
                        String ch = channels[random.nextInt(channels.length)];
                        switch (random.nextInt(10)) {
                            case 0, 1, 2, 3 -> send(s, "JOIN " + ch);
                            case 4, 5, 6 -> send(s, "PART " + ch);
                            case 7 -> send(s, "PRIVMSG " + ch + " :hello");
                            case 8 -> send(s, "NICK t" + thread + "n" + serial++);
                            default -> {
                                if (random.nextBoolean()) {
                                    send(s, "QUIT :bye");
                                } else {
                                    s.onDisconnect("Remote host closed the connection", NOW);
                                }
                                mine.set(i, register("t" + thread + "n" + serial++, new Sink()));
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : list) {
            t.join();
        }
        assertThat(failures).isEmpty();

        // Every live session is registered, holds its nick, and its channel list matches the channels' members.
        Set<Client> liveClients = new HashSet<>();
        for (List<Session> mine : live) {
            for (Session s : mine) {
                assertThat(s.isClosed()).isFalse();
                Client c = s.client();
                liveClients.add(c);
                assertThat(hub.findUser(c.nick())).as("nick held").isSameAs(c);
                for (Channel ch : c.channels()) {
                    assertThat(hub.findChannel(ch.name())).as("joined channel exists").isSameAs(ch);
                    assertThat(ch.member(c)).as("no lost member").isNotNull();
                }
            }
        }
        assertThat(hub.userCount()).isEqualTo(liveClients.size());
        assertThat(hub.connectionCount()).isEqualTo(liveClients.size());
        for (Channel ch : hub.channels()) {
            assertThat(ch.size()).as("no empty channel left behind").isPositive();
            for (Channel.Member m : ch.members()) {
                assertThat(liveClients).as("no ghost member").contains(m.client());
                assertThat(m.client().isOn(ch)).isTrue();
            }
        }

        // Everyone leaves, in parallel: nothing remains.
        List<Thread> quitters = new ArrayList<>();
        for (List<Session> mine : live) {
            quitters.add(Thread.ofPlatform().start(() -> {
                for (Session s : mine) {
                    send(s, "QUIT");
                }
            }));
        }
        for (Thread t : quitters) {
            t.join();
        }
        assertThat(hub.channelCount()).isZero();
        assertThat(hub.connectionCount()).isZero();
        assertThat(hub.userCount()).isZero();
        assertThat(hub.invisibleCount()).isZero();
    }

    @Test
    @Timeout(60)
    void everyMemberSeesEveryJoinOfAConcurrentlyFilledChannel() throws Exception {
        int threads = 6;
        int perThread = 50;
        List<Thread> list = new ArrayList<>();
        List<Sink> sinks = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            Sink sink = new Sink();
            sinks.add(sink);
            sessions.add(register("m" + i, sink));
        }
        CyclicBarrier barrier = new CyclicBarrier(threads);
        for (int t = 0; t < threads; t++) {
            int first = t * perThread;
            list.add(Thread.ofPlatform().start(() -> {
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = first; i < first + perThread; i++) {
                    send(sessions.get(i), "JOIN #crowd");
                }
            }));
        }
        for (Thread t : list) {
            t.join();
        }
        Channel crowd = hub.findChannel("#crowd");
        assertThat(crowd.size()).isEqualTo(threads * perThread);
        Channel.Member[] members = crowd.members();
        assertThat(java.util.Arrays.stream(members).filter(Channel.Member::op).count())
                .as("exactly one founder op").isEqualTo(1);
        // The k-th member to join saw its own JOIN and every later one: nothing lost, nothing doubled.
        for (int k = 0; k < members.length; k++) {
            Sink sink = sinks.get(sessions.indexOf(findSession(sessions, members[k].client())));
            assertThat(sink.joins.get()).as("JOINs seen by member " + k).isEqualTo(members.length - k);
        }
    }
}
