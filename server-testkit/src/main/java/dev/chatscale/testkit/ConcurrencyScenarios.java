package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatscale.testkit.client.IrcLine;
import dev.chatscale.testkit.client.IrcTestClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Races between connections, the point of the project: the server handles many sessions at once
 * (event loops or threads), so shared state (nicks, channels, member snapshots) must stay
 * consistent. Commands are sent to all clients back to back, so the server processes them
 * concurrently; the assertions hold for every interleaving.
 */
@Tag("concurrency")
public abstract class ConcurrencyScenarios extends ScenarioBase {

    private static final int CLIENTS = 10;

    protected ConcurrencyScenarios(TestServerFactory factory, Transport transport) {
        super(factory, transport);
    }

    private List<IrcTestClient> registeredClients(String prefix) {
        List<IrcTestClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(registered(prefix + i));
        }
        return clients;
    }

    private static Set<String> namesIn(List<IrcLine> lines) {
        return lines.stream().filter(l -> l.isNumeric("353"))
                .flatMap(l -> Arrays.stream(l.last().split(" "))).collect(Collectors.toSet());
    }

    private static String bare(String name) {
        return name.startsWith("@") || name.startsWith("+") ? name.substring(1) : name;
    }

    @Test
    void concurrentJoinersEachSeeEveryMemberExactlyOnce() {
        List<IrcTestClient> clients = registeredClients("j");
        for (IrcTestClient c : clients) {
            c.send("JOIN #race");
        }
        Set<String> everyone = new HashSet<>();
        for (int i = 0; i < CLIENTS; i++) {
            everyone.add("j" + i);
        }
        Map<IrcTestClient, List<IrcLine>> bursts = new HashMap<>();
        Map<IrcTestClient, List<IrcLine>> after = new HashMap<>();
        for (IrcTestClient c : clients) {
            bursts.put(c, c.collectUntilNumeric("366"));
        }
        for (IrcTestClient c : clients) {
            after.put(c, new ArrayList<>(c.sync())); // c's JOIN is processed, fanned out to all
        }
        for (IrcTestClient c : clients) {
            after.get(c).addAll(c.sync()); // every fan-out queued before this PONG
        }
        for (IrcTestClient c : clients) {
            Set<String> listed = namesIn(bursts.get(c)).stream().map(ConcurrencyScenarios::bare).collect(Collectors.toSet());
            assertThat(listed).as("%s's NAMES include itself", c.name()).contains(c.name());
            List<String> joinedLater = after.get(c).stream().filter(l -> l.verb().equals("JOIN"))
                    .map(IrcLine::sourceNick).toList();
            assertThat(joinedLater).as("%s: JOINs after its NAMES are new members, each once", c.name())
                    .doesNotHaveDuplicates().doesNotContainAnyElementsOf(listed);
            // a JOIN may also overtake the NAMES reply (sent while c's burst was being built)
            List<String> joinedDuring = bursts.get(c).stream().filter(l -> l.verb().equals("JOIN"))
                    .map(IrcLine::sourceNick).toList();
            assertThat(joinedDuring).as("%s: JOINs in its burst, each once", c.name()).doesNotHaveDuplicates()
                    .noneMatch(joinedLater::contains);
            Set<String> seen = new HashSet<>(listed);
            seen.addAll(joinedDuring);
            seen.addAll(joinedLater);
            assertThat(seen).as("%s knows every member, from NAMES or a later JOIN", c.name()).isEqualTo(everyone);
        }
    }

    @Test
    void channelCreatedByConcurrentJoinersHasExactlyOneFounderOp() {
        List<IrcTestClient> clients = registeredClients("f");
        for (IrcTestClient c : clients) {
            c.send("JOIN #founders");
        }
        for (IrcTestClient c : clients) {
            c.collectUntilNumeric("366");
        }
        IrcTestClient observer = registered("observer");
        observer.send("NAMES #founders");
        Set<String> names = namesIn(observer.collectUntilNumeric("366"));
        assertThat(names).hasSize(CLIENTS);
        assertThat(names.stream().filter(n -> n.startsWith("@"))).as("ops in %s", names).hasSize(1);
    }

    @Test
    void concurrentChannelMessagesArriveExactlyOnceInPerSenderOrder() {
        List<IrcTestClient> clients = registeredClients("m");
        for (IrcTestClient c : clients) {
            join(c, "#chat");
        }
        for (IrcTestClient c : clients) {
            c.sync();
        }
        int perSender = 30;
        for (int seq = 0; seq < perSender; seq++) {
            for (IrcTestClient c : clients) {
                c.send("PRIVMSG #chat :" + c.name() + " " + seq);
            }
        }
        for (IrcTestClient c : clients) {
            Map<String, Integer> next = new HashMap<>();
            int expected = (CLIENTS - 1) * perSender;
            for (int k = 0; k < expected; k++) {
                IrcLine m = c.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT, "message " + k + " of " + expected);
                String[] parts = m.last().split(" ");
                assertThat(m.sourceNick()).isEqualTo(parts[0]).isNotEqualTo(c.name());
                int want = next.getOrDefault(parts[0], 0);
                assertThat(Integer.parseInt(parts[1])).as("%s: next message from %s", c.name(), parts[0]).isEqualTo(want);
                next.put(parts[0], want + 1);
            }
            assertNone(c.sync(), l -> l.verb().equals("PRIVMSG"), "no extra copies");
        }
    }

    @Test
    void nickRaceHasExactlyOneWinner() {
        List<IrcTestClient> clients = registeredClients("n");
        for (IrcTestClient c : clients) {
            c.send("NICK Prize");
        }
        int winners = 0;
        for (IrcTestClient c : clients) {
            IrcLine outcome = c.expect(l -> (l.verb().equals("NICK") && c.name().equals(l.sourceNick()))
                    || l.isNumeric("433"), IrcTestClient.TIMEOUT, "NICK or 433");
            if (outcome.verb().equals("NICK")) {
                winners++;
                assertThat(outcome.last()).isEqualTo("Prize");
            } else {
                assertThat(outcome).matches(line(reply("433", c.name(), "Prize :Nickname is already in use")), "433");
            }
        }
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void simultaneousQuitsLeaveNoGhosts() {
        IrcTestClient observer = joined("observer", "#exit");
        List<IrcTestClient> clients = registeredClients("q");
        for (IrcTestClient c : clients) {
            join(c, "#exit");
        }
        observer.sync();
        for (IrcTestClient c : clients) {
            c.send("QUIT :together");
        }
        for (IrcTestClient c : clients) {
            c.awaitClosed();
        }
        Set<String> quitters = new HashSet<>();
        for (int k = 0; k < CLIENTS; k++) {
            IrcLine q = observer.expect(l -> l.verb().equals("QUIT"), IrcTestClient.TIMEOUT, "QUIT " + k);
            assertThat(quitters.add(q.sourceNick())).as("one QUIT per quitter: %s", q).isTrue();
        }
        assertNone(observer.sync(), l -> l.verb().equals("QUIT"), "no duplicate QUIT");
        observer.send("NAMES #exit");
        assertThat(namesIn(observer.collectUntilNumeric("366"))).containsExactly("@observer");
        registered("q0");
    }

    @Test
    void membershipChurnSeenByAnObserverMatchesFinalNames() {
        IrcTestClient observer = joined("observer", "#churn");
        List<IrcTestClient> clients = registeredClients("c");
        int rounds = 15;
        for (int r = 0; r < rounds; r++) {
            for (IrcTestClient c : clients) {
                c.send("JOIN #churn");
                if (r < rounds - 1 || c.name().endsWith("0") || c.name().endsWith("5")) {
                    c.send("PART #churn");
                }
            }
        }
        for (IrcTestClient c : clients) {
            c.sync();
        }
        Set<String> tracked = new HashSet<>();
        tracked.add("observer");
        for (IrcLine l : observer.sync()) {
            if (l.verb().equals("JOIN")) {
                assertThat(tracked.add(l.sourceNick())).as("JOIN of a non-member: %s", l).isTrue();
            } else if (l.verb().equals("PART")) {
                assertThat(tracked.remove(l.sourceNick())).as("PART of a member: %s", l).isTrue();
            }
        }
        observer.send("NAMES #churn");
        Set<String> names = namesIn(observer.collectUntilNumeric("366")).stream().map(ConcurrencyScenarios::bare)
                .collect(Collectors.toSet());
        assertThat(tracked).as("observer's view from JOIN/PART events").isEqualTo(names).hasSize(CLIENTS - 2 + 1);
    }

    @Test
    void messagesFromSeveralSendersSurviveMembershipChurnExactlyOnceInOrder() {
        int senders = 4;
        int observers = 2;
        int churners = 6;
        int perSender = 100;
        List<IrcTestClient> steady = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            steady.add(joined("s" + i, "#busy"));
        }
        for (int i = 0; i < observers; i++) {
            steady.add(joined("o" + i, "#busy"));
        }
        List<IrcTestClient> churning = new ArrayList<>();
        for (int i = 0; i < churners; i++) {
            churning.add(registered("x" + i));
        }
        for (IrcTestClient c : steady) {
            c.sync();
        }
        for (int seq = 0; seq < perSender; seq++) {
            for (IrcTestClient s : steady.subList(0, senders)) {
                s.send("PRIVMSG #busy :" + s.name() + " " + seq);
            }
            for (IrcTestClient c : churning) {
                c.send(seq % 2 == 0 ? "JOIN #busy" : "PART #busy");
            }
        }
        for (IrcTestClient c : steady) {
            boolean sender = steady.indexOf(c) < senders;
            int expected = (sender ? senders - 1 : senders) * perSender;
            Map<String, Integer> next = new HashMap<>();
            for (int k = 0; k < expected; k++) {
                IrcLine m = c.expect(l -> l.verb().equals("PRIVMSG"), IrcTestClient.TIMEOUT,
                        "message " + k + " of " + expected);
                String[] parts = m.last().split(" ");
                assertThat(m.sourceNick()).isEqualTo(parts[0]).isNotEqualTo(c.name());
                int want = next.getOrDefault(parts[0], 0);
                assertThat(Integer.parseInt(parts[1])).as("%s: next message from %s", c.name(), parts[0]).isEqualTo(want);
                next.put(parts[0], want + 1);
            }
            assertNone(c.sync(), l -> l.verb().equals("PRIVMSG"), "no extra copies");
        }
    }
}
