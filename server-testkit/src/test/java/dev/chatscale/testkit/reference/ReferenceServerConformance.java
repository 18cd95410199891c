package dev.chatscale.testkit.reference;

import dev.chatscale.testkit.ConformanceSuite;
import dev.chatscale.testkit.TestServerFactory;

/**
 * The suite against {@link ReferenceServer}: validates the suite itself against the protocol core.
 * Not run by default (the name does not match Surefire's patterns); run it with
 * {@code ./mvnw -B -q -pl server-testkit -am verify -Dtest='ReferenceServerConformance*'
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ReferenceServerConformance extends ConformanceSuite {
    @Override
    protected TestServerFactory serverFactory() {
        return ReferenceServer::new;
    }
}
