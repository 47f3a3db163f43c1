package io.jetway.kafka.common.txn;

import io.jetway.testing.KafkaBroker;
import io.jetway.testing.SharedKafka;

/** {@link TransactionProtocolContract} on the shared broker, with Kafka 4.x's default transaction protocol 2. */
class TransactionProtocol2Test extends TransactionProtocolContract {

    @Override
    KafkaBroker broker() {
        return SharedKafka.get();
    }

    @Override
    int transactionVersion() {
        return 2;
    }
}
