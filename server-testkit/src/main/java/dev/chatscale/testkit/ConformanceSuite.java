package dev.chatscale.testkit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * The whole conformance suite for one server. A server module runs it with one test class:
 *
 * <pre>{@code
 * class NettyConformanceTest extends ConformanceSuite {
 *     @Override
 *     protected TestServerFactory serverFactory() {
 *         return config -> ...; // start the server in-process on 127.0.0.1, ephemeral ports
 *     }
 * }
 * }</pre>
 *
 * <p>JUnit Jupiter discovers the {@link Nested} classes inherited from here: every scenario family
 * once over TCP ({@link OverTcp}) and once over WebSocket ({@link OverWebSocket}, skipped through an
 * assumption when {@link TestServer#wsAddress()} is {@code null}). Each test starts a fresh server
 * from the factory and closes it afterwards.
 *
 * <p>Tags select parts with Surefire's {@code -Dgroups}: {@code tcp} / {@code websocket}, and one per
 * family ({@code registration cap liveness syntax channel topic message nickquit query slowconsumer
 * concurrency limits flood hostile timeout}, and {@code wsbinding wsabuse} for the WebSocket-only
 * families),
 * e.g. {@code -Dgroups='tcp & registration'}.
 *
 * <p>Not thread-safe: JUnit creates one instance per test.
 */
public abstract class ConformanceSuite {

    /** How to start the server under test; called once per test. */
    protected abstract TestServerFactory serverFactory();

    /** Every scenario family over plain TCP. */
    @Nested
    @Tag("tcp")
    class OverTcp {

        @Nested
        class Registration extends RegistrationScenarios {
            Registration() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Cap extends CapScenarios {
            Cap() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Liveness extends LivenessScenarios {
            Liveness() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Syntax extends SyntaxScenarios {
            Syntax() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Channel extends ChannelScenarios {
            Channel() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Topic extends TopicScenarios {
            Topic() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Message extends MessageScenarios {
            Message() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class NickQuit extends NickQuitScenarios {
            NickQuit() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Query extends QueryScenarios {
            Query() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class SlowConsumer extends SlowConsumerScenarios {
            SlowConsumer() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Concurrency extends ConcurrencyScenarios {
            Concurrency() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Limits extends LimitScenarios {
            Limits() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Flood extends FloodScenarios {
            Flood() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class HostileInput extends HostileInputScenarios {
            HostileInput() {
                super(serverFactory(), Transport.TCP);
            }
        }

        @Nested
        class Timeouts extends TimeoutScenarios {
            Timeouts() {
                super(serverFactory(), Transport.TCP);
            }
        }
    }

    /** Every scenario family over the IRCv3 WebSocket binding (skipped when the server has none). */
    @Nested
    @Tag("websocket")
    class OverWebSocket {

        @Nested
        class Registration extends RegistrationScenarios {
            Registration() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Cap extends CapScenarios {
            Cap() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Liveness extends LivenessScenarios {
            Liveness() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Syntax extends SyntaxScenarios {
            Syntax() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Channel extends ChannelScenarios {
            Channel() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Topic extends TopicScenarios {
            Topic() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Message extends MessageScenarios {
            Message() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class NickQuit extends NickQuitScenarios {
            NickQuit() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Query extends QueryScenarios {
            Query() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class SlowConsumer extends SlowConsumerScenarios {
            SlowConsumer() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Concurrency extends ConcurrencyScenarios {
            Concurrency() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Limits extends LimitScenarios {
            Limits() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Flood extends FloodScenarios {
            Flood() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Binding extends WebSocketScenarios {
            Binding() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class HostileInput extends HostileInputScenarios {
            HostileInput() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Timeouts extends TimeoutScenarios {
            Timeouts() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }

        @Nested
        class Abuse extends WebSocketAbuseScenarios {
            Abuse() {
                super(serverFactory(), Transport.WEBSOCKET);
            }
        }
    }
}
