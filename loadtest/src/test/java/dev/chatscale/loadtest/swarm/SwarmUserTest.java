package dev.chatscale.loadtest.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SwarmUserTest {

    @Test
    void numericIsReadFromServerLinesOnly() {
        assertThat(SwarmUser.numeric(":irc.local 001 tcp1 :Welcome")).isEqualTo("001");
        assertThat(SwarmUser.numeric(":irc.local 366 tcp1 #r :End")).isEqualTo("366");
        assertThat(SwarmUser.numeric(":irc.local 1234 x")).isNull();
        assertThat(SwarmUser.numeric(":a!b@c PRIVMSG #r :001 ")).isNull();
        assertThat(SwarmUser.numeric("PING :x")).isNull();
        assertThat(SwarmUser.numeric(":irc.local 00")).isNull();
    }
}
