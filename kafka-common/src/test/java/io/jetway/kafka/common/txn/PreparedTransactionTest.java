package io.jetway.kafka.common.txn;

import com.hazelcast.internal.nio.BufferObjectDataInput;
import com.hazelcast.internal.nio.BufferObjectDataOutput;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A prepared transaction is written field by field into its owners' snapshot values, never as a Java object. */
class PreparedTransactionTest {

    private final InternalSerializationService serialization = new DefaultSerializationServiceBuilder().build();

    @AfterEach
    void dispose() {
        serialization.dispose();
    }

    @Test
    void shouldReadBackWhatItWroteFieldByField() throws IOException {
        List<PreparedTransaction> transactions = List.of(new PreparedTransaction("job-count-0-1", 4711, (short) 3, true),
                new PreparedTransaction("job-count-0-3", Long.MAX_VALUE, Short.MAX_VALUE, false));
        BufferObjectDataOutput out = serialization.createObjectDataOutput();
        PreparedTransaction.writeList(out, transactions);
        PreparedTransaction.write(out, transactions.get(0));

        byte[] bytes = out.toByteArray();
        BufferObjectDataInput in = serialization.createObjectDataInput(bytes);

        assertThat(PreparedTransaction.readList(in)).isEqualTo(transactions);
        assertThat(PreparedTransaction.read(in)).isEqualTo(transactions.get(0));
        assertThat(in.position()).isEqualTo(bytes.length);
    }

    @Test
    void shouldNotBeJavaSerializable() {
        assertThat(Serializable.class.isAssignableFrom(PreparedTransaction.class)).isFalse();
    }
}
