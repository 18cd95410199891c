package dev.chatscale.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IrcLineTest {

    @Test
    void parsesSourceVerbMiddleAndTrailingParams() {
        IrcLine l = IrcLine.parse(":irc.test 001 alice :Welcome to the net");
        assertThat(l.source()).isEqualTo("irc.test");
        assertThat(l.verb()).isEqualTo("001");
        assertThat(l.params()).containsExactly("alice", "Welcome to the net");
    }

    @Test
    void optionalColonOnLastParamMeansTheSame() {
        assertThat(IrcLine.parse(":a!b@c NICK new").sameMessage(IrcLine.parse(":a!b@c NICK :new"))).isTrue();
    }

    @Test
    void emptyTrailingParamIsKept() {
        assertThat(IrcLine.parse(":s CAP * LS :").params()).containsExactly("*", "LS", "");
        assertThat(IrcLine.parse(":s CAP * LS :").sameMessage(IrcLine.parse(":s CAP * LS"))).isFalse();
    }

    @Test
    void doubleSpaceBreaksEquality() {
        assertThat(IrcLine.parse(":s 324 me  #c +nt").sameMessage(IrcLine.parse(":s 324 me #c +nt"))).isFalse();
    }

    @Test
    void tagsAreSkippedAndLinesWithoutSourceParse() {
        IrcLine l = IrcLine.parse("@time=2025-01-01T00:00:00.000Z PING :tok");
        assertThat(l.source()).isNull();
        assertThat(l.verb()).isEqualTo("PING");
        assertThat(l.last()).isEqualTo("tok");
    }

    @Test
    void oddInputNeverThrows() {
        assertThat(IrcLine.parse("").verb()).isEmpty();
        assertThat(IrcLine.parse(":").source()).isEmpty();
        assertThat(IrcLine.parse("VERB ").params()).containsExactly("");
    }

    @Test
    void recognisesErrorNumericsAndSourceNick() {
        assertThat(IrcLine.parse(":s 433 * x :in use").isErrorNumeric()).isTrue();
        assertThat(IrcLine.parse(":s 001 x :hi").isErrorNumeric()).isFalse();
        assertThat(IrcLine.parse(":s PRIVMSG x :hi").isErrorNumeric()).isFalse();
        assertThat(IrcLine.parse(":nick!~u@h QUIT :x").sourceNick()).isEqualTo("nick");
    }
}
