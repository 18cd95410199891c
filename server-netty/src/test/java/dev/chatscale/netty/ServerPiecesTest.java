package dev.chatscale.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatscale.protocol.config.ServerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerPiecesTest {
    @Test
    void tickPeriodIsAQuarterOfTheShortestTimeoutBetween25msAnd1s() {
        ServerConfig noFloodControl = ServerConfig.defaults().withFloodRate(0);
        assertThat(ServerContext.tickMillis(noFloodControl)).isEqualTo(1000);
        assertThat(ServerContext.tickMillis(noFloodControl.withPingInterval(Duration.ofMillis(1200)))).isEqualTo(300);
        assertThat(ServerContext.tickMillis(noFloodControl.withRegistrationTimeout(Duration.ofMillis(10)))).isEqualTo(25);
    }

    @Test
    void withFloodControlTheTickIsAtMostOneTokenInterval() {
        assertThat(ServerContext.tickMillis(ServerConfig.defaults().withFloodRate(5))).isEqualTo(200);
        assertThat(ServerContext.tickMillis(ServerConfig.defaults().withFloodRate(1000))).isEqualTo(25);
    }

    @Test
    void connectionLimiterRefusesBeyondItsMaximumAndFreesOnRelease() {
        ConnectionLimiter limiter = new ConnectionLimiter(2);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.inUse()).isEqualTo(2);
        limiter.release();
        assertThat(limiter.tryAcquire()).isTrue();
    }

    @Test
    void transportParsesIgnoringCaseAndRejectsOthers() {
        assertThat(Transport.parse("EPOLL")).isEqualTo(Transport.EPOLL);
        assertThat(Transport.parse("nio")).isEqualTo(Transport.NIO);
        assertThat(Transport.parse("Auto")).isEqualTo(Transport.AUTO);
        assertThatThrownBy(() -> Transport.parse("kqueue")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void autoTransportIsEpollOnLinuxX8664ElseNio() {
        String expected = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").equals("amd64") ? "epoll" : "nio";
        assertThat(Transport.AUTO.resolve().name()).isEqualTo(expected);
        assertThat(Transport.NIO.resolve().name()).isEqualTo("nio");
    }

    @Test
    void workersDefaultToTheNumberOfCores() {
        assertThat(new NettyOptions().workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(new NettyOptions(Transport.NIO, 3).workers()).isEqualTo(3);
    }
}
