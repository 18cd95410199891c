package dev.chatscale.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.opentest4j.TestAbortedException;

/**
 * Proves the mechanism server modules rely on: a bare subclass of {@link ConformanceSuite} makes
 * JUnit Jupiter discover and run every scenario family, over both transports, through the inherited
 * {@code @Nested} classes. Surefire hands the same class selector to the same launcher.
 */
class ConformanceSuiteDiscoveryTest {

    static final List<Class<? extends ScenarioBase>> FAMILIES = List.of(
            RegistrationScenarios.class, CapScenarios.class, LivenessScenarios.class, SyntaxScenarios.class,
            ChannelScenarios.class, TopicScenarios.class, MessageScenarios.class, NickQuitScenarios.class,
            QueryScenarios.class, SlowConsumerScenarios.class, ConcurrencyScenarios.class,
            LimitScenarios.class, FloodScenarios.class, HostileInputScenarios.class, TimeoutScenarios.class);

    /** Families bound only over WebSocket. */
    static final List<Class<? extends ScenarioBase>> WEBSOCKET_ONLY = List.of(WebSocketScenarios.class, WebSocketAbuseScenarios.class);

    /** What a server module writes, with a factory that skips instead of starting a server. */
    static class AbortingSuite extends ConformanceSuite {
        @Override
        protected TestServerFactory serverFactory() {
            return config -> {
                throw new TestAbortedException("no server in the discovery test");
            };
        }
    }

    private static long testMethodCount(List<Class<? extends ScenarioBase>> families) {
        return families.stream().flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> m.isAnnotationPresent(Test.class)).count();
    }

    /** Every family over both transports plus the WebSocket-only ones. */
    private static long expectedTests() {
        return 2 * testMethodCount(FAMILIES) + testMethodCount(WEBSOCKET_ONLY);
    }

    private static LauncherDiscoveryRequest request() {
        return LauncherDiscoveryRequestBuilder.request().selectors(selectClass(AbortingSuite.class)).build();
    }

    @Test
    void subclassDiscoversEveryScenarioOverBothTransports() {
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = launcher.discover(request());
        List<TestIdentifier> all = plan.getRoots().stream()
                .flatMap(root -> plan.getDescendants(root).stream()).toList();

        assertThat(testMethodCount(FAMILIES)).as("scenarios in the families").isGreaterThan(80);
        assertThat(all.stream().filter(TestIdentifier::isTest).count()).isEqualTo(expectedTests());
        Set<String> containers = all.stream().filter(TestIdentifier::isContainer)
                .map(TestIdentifier::getDisplayName).collect(Collectors.toSet());
        assertThat(containers).contains("OverTcp", "OverWebSocket", "Registration", "Cap", "Liveness", "Syntax",
                "Channel", "Topic", "Message", "NickQuit", "Query", "SlowConsumer", "Concurrency", "Limits", "Flood", "Binding",
                "HostileInput", "Timeouts", "Abuse");
    }

    @Test
    void everyDiscoveredScenarioRunsAndFactoryAbortSkipsIt() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request(), listener);
        TestExecutionSummary summary = listener.getSummary();

        assertThat(summary.getTestsStartedCount()).isEqualTo(expectedTests());
        assertThat(summary.getTestsAbortedCount()).isEqualTo(expectedTests());
        assertThat(summary.getTestsFailedCount()).isZero();
        assertThat(summary.getContainersFailedCount()).isZero();
    }

    private static Set<Class<?>> boundIn(Class<?> group) {
        return Arrays.stream(group.getDeclaredClasses()).map(Class::getSuperclass).collect(Collectors.toSet());
    }

    @Test
    void everyScenarioFamilyIsBoundForBothTransports() {
        assertThat(boundIn(ConformanceSuite.OverTcp.class)).containsExactlyInAnyOrderElementsOf(FAMILIES);
        assertThat(boundIn(ConformanceSuite.OverWebSocket.class))
                .containsExactlyInAnyOrderElementsOf(Stream.concat(FAMILIES.stream(), WEBSOCKET_ONLY.stream()).toList());
        assertThat(ConformanceSuite.class.getDeclaredClasses()).hasSize(2);
    }

    @Test
    void everyScenarioIsBoundedByATimeout() throws NoSuchMethodException {
        assertThat(ScenarioBase.class.getAnnotation(org.junit.jupiter.api.Timeout.class)).isNotNull();
        assertThat(org.junit.jupiter.api.Timeout.class.isAnnotationPresent(java.lang.annotation.Inherited.class))
                .as("@Timeout reaches subclasses").isTrue();
        Method close = ScenarioBase.class.getDeclaredMethod("closeEverything");
        assertThat(close.isAnnotationPresent(org.junit.jupiter.api.AfterEach.class)).isTrue();
    }
}
