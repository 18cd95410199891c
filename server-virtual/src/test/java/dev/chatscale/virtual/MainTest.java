package dev.chatscale.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void connectionThreadsAreVirtual() {
        assertThat(Main.connectionThreads().newThread(() -> {}).isVirtual()).isTrue();
    }
}
