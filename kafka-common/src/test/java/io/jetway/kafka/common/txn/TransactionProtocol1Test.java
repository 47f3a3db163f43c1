package io.jetway.kafka.common.txn;

import io.jetway.testing.KafkaBroker;
import io.jetway.testing.KafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TransactionProtocolContract} on a broker formatted with transaction protocol 1 (no epoch bump per commit). */
class TransactionProtocol1Test extends TransactionProtocolContract {

    @RegisterExtension
    static final KafkaExtension KAFKA = KafkaExtension.inProcess(KafkaBroker.transactionVersion(1));

    @Override
    KafkaBroker broker() {
        return KAFKA.broker();
    }

    @Override
    int transactionVersion() {
        return 1;
    }
}
