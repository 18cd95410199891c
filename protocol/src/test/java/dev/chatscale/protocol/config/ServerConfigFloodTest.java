package dev.chatscale.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerConfigFloodTest {
    @Test
    void floodControlIsOnByDefaultAtFiveLinesPerSecondWithABurstOfTwenty() {
        ServerConfig d = ServerConfig.defaults();
        assertThat(d.floodControl()).isTrue();
        assertThat(d.floodRate()).isEqualTo(5);
        assertThat(d.floodBurst()).isEqualTo(20);
        assertThat(d.floodMaxHeldBytes()).isEqualTo(8192);
    }

    @Test
    void withoutFloodControlSetsTheRateToZeroAndKeepsTheRest() {
        ServerConfig off = ServerConfig.defaults().withMaxConnections(7).withoutFloodControl();
        assertThat(off.floodControl()).isFalse();
        assertThat(off.floodRate()).isZero();
        assertThat(off.floodBurst()).isEqualTo(20);
        assertThat(off.maxConnections()).isEqualTo(7);
    }

    @Test
    void theTickIsAQuarterOfTheShortestTimeoutAndAtMostOneTokenInterval() {
        ServerConfig off = ServerConfig.defaults().withoutFloodControl(); // timeouts of 60 s and more
        assertThat(off.tickMillis()).isEqualTo(off.registrationTimeout().toMillis() / 4);
        assertThat(off.withPingInterval(java.time.Duration.ofMillis(400)).tickMillis()).isEqualTo(100);
        assertThat(off.withPingTimeout(java.time.Duration.ofMillis(2)).tickMillis()).as("never 0").isEqualTo(1);

        assertThat(ServerConfig.defaults().tickMillis()).as("5 lines/s: a held line every 200 ms").isEqualTo(200);
        assertThat(off.withFloodRate(3).tickMillis()).isEqualTo(333);
        assertThat(off.withFloodRate(3).withPingInterval(java.time.Duration.ofMillis(400)).tickMillis()).isEqualTo(100);
    }

    @Test
    void outOfRangeFloodSettingsAreRefusedNamingTheKey() {
        ServerConfig d = ServerConfig.defaults();
        assertThatThrownBy(() -> d.withFloodRate(-1)).hasMessageContaining("floodRate");
        assertThatThrownBy(() -> d.withFloodRate(ServerConfig.MAX_FLOOD_RATE + 1)).hasMessageContaining("floodRate");
        assertThatThrownBy(() -> d.withFloodBurst(0)).hasMessageContaining("floodBurst");
        assertThatThrownBy(() -> d.withFloodMaxHeldBytes(511)).hasMessageContaining("floodMaxHeldBytes");
        assertThat(d.withFloodMaxHeldBytes(512).floodMaxHeldBytes()).isEqualTo(512);
    }
}
