package dev.chatscale.netty;

import dev.chatscale.testkit.SigtermSuite;
import java.util.List;

/** SIGTERM against server-netty's {@code main} in a child JVM (epoll when it loads, else NIO). */
class NettySigtermTest extends SigtermSuite {
    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }

    @Override
    protected List<String> jvmOptions() {
        return List.of("--enable-native-access=ALL-UNNAMED");
    }
}
