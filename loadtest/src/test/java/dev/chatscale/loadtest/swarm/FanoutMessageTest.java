package dev.chatscale.loadtest.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FanoutMessageTest {

    @Test
    void relayedProbeParsesBack() {
        FanoutMessage m = new FanoutMessage(7, 123456789012L);
        String sent = m.toLine("#room");
        assertThat(sent).isEqualTo("PRIVMSG #room :fan 7 123456789012");
        assertThat(FanoutMessage.parse(":tcpf001!~tcpf001@127.0.0.1 " + sent, "#room")).isEqualTo(m);
    }

    @Test
    void otherLinesAreNotProbes() {
        assertThat(FanoutMessage.parse(":a!b@c PRIVMSG #other :fan 1 2", "#room")).isNull();
        assertThat(FanoutMessage.parse(":a!b@c PRIVMSG #room :hello", "#room")).isNull();
        assertThat(FanoutMessage.parse(":a!b@c PRIVMSG #room :fan x 2", "#room")).isNull();
        assertThat(FanoutMessage.parse(":a!b@c PRIVMSG #room :fan 1", "#room")).isNull();
        assertThat(FanoutMessage.parse(":a!b@c PRIVMSG #room :fan -1 5", "#room")).isNull();
        assertThat(FanoutMessage.parse(":srv 366 me #room :End of /NAMES list", "#room")).isNull();
    }
}
