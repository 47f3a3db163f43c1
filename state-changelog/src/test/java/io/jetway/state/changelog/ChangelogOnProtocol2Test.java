package io.jetway.state.changelog;

import io.jetway.testing.KafkaBroker;
import io.jetway.testing.SharedKafka;

/** {@link ChangelogExactlyOnceContract} on the shared broker, with Kafka 4.x's default transaction protocol 2. */
class ChangelogOnProtocol2Test extends ChangelogExactlyOnceContract {

    @Override
    KafkaBroker broker() {
        return SharedKafka.get();
    }

    @Override
    String protocol() {
        return "tv2";
    }
}
