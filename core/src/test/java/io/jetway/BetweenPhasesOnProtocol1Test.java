package io.jetway;

import io.jetway.testing.EmbeddedKafkaBroker;
import io.jetway.testing.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link BetweenPhasesContract} on a broker formatted with transaction protocol 1 (no epoch bump at commit). */
class BetweenPhasesOnProtocol1Test extends BetweenPhasesContract {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(KafkaBroker.transactionVersion(1));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    KafkaBroker broker() {
        return broker;
    }

    @Override
    int transactionVersion() {
        return 1;
    }
}
