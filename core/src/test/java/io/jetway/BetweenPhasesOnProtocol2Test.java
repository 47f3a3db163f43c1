package io.jetway;

import io.jetway.testing.KafkaBroker;
import io.jetway.testing.SharedKafka;

/** {@link BetweenPhasesContract} on the shared broker: transaction protocol 2, Kafka 4.x's default. */
class BetweenPhasesOnProtocol2Test extends BetweenPhasesContract {

    @Override
    KafkaBroker broker() {
        return SharedKafka.get();
    }

    @Override
    int transactionVersion() {
        return 2;
    }
}
