package io.jetway.state.changelog;

import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ChangelogExactlyOnceContract} on a broker formatted with transaction protocol 1 (no epoch bump per commit). */
class ChangelogOnProtocol1Test extends ChangelogExactlyOnceContract {

    @RegisterExtension
    static final KafkaExtension KAFKA = KafkaExtension.inProcess(KafkaBroker.transactionVersion(1));

    @Override
    KafkaBroker broker() {
        return KAFKA.broker();
    }

    @Override
    String protocol() {
        return "tv1";
    }
}
