package dev.chatscale.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoopStateTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<String> calls = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final LoopState state = new LoopState(channel.eventLoop(), clock::get);

    private final class Member extends LoopMember {
        final String name;

        Member(String name) {
            this.name = name;
        }

        @Override
        void onTick(long now) {
            calls.add(name + "@" + now);
        }

        @Override
        void onShutdown(String reason, long now) {
            calls.add(name + " " + reason);
            state.remove(this); // a shutdown may unlink the member it is called for
        }
    }

    @Test
    void tickReachesEveryMemberOnceWithTheClock() {
        Member a = new Member("a");
        Member b = new Member("b");
        Member c = new Member("c");
        state.add(a);
        state.add(b);
        state.add(c);
        state.add(b); // twice is once

        clock.set(5_000);
        state.tick();

        assertThat(calls).containsExactlyInAnyOrder("a@5000", "b@5000", "c@5000");
        assertThat(state.size()).isEqualTo(3);
    }

    @Test
    void removedMembersAreNotTicked() {
        Member a = new Member("a");
        Member b = new Member("b");
        Member c = new Member("c");
        state.add(a);
        state.add(b);
        state.add(c);
        state.remove(b);
        state.remove(b);
        state.remove(a);

        state.tick();

        assertThat(calls).containsExactly("c@1000");
        assertThat(state.size()).isEqualTo(1);
    }

    @Test
    void shutdownReachesEveryMemberEvenWhenTheyUnlinkThemselves() {
        for (String n : List.of("a", "b", "c")) {
            state.add(new Member(n));
        }
        state.shutdownAll("Server shutting down");

        assertThat(calls).containsExactlyInAnyOrder("a Server shutting down", "b Server shutting down", "c Server shutting down");
        assertThat(state.size()).isZero();
    }

    @Test
    void tickerRunsPeriodicallyOnTheLoop() {
        state.add(new Member("a"));
        state.startTicking(1000);
        channel.runPendingTasks();
        channel.advanceTimeBy(1000, java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.advanceTimeBy(1000, java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(calls).containsExactly("a@1000", "a@1000");
    }
}
