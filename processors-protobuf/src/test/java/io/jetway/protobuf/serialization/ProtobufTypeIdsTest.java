package io.jetway.protobuf.serialization;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import io.jetway.protobuf.test.shop.Card;
import io.jetway.protobuf.test.shop.Order;
import io.jetway.protobuf.test.shop.Payment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Type ids are stable (they are in stored data) and clashes fail at registration. */
class ProtobufTypeIdsTest {

    @Test
    void shouldDeriveTheSameIdFromTheFullNameEveryTime() {
        // Pinned (zlib.crc32(b"shop.Payment") & 0xFFFFF, computed outside Java): a change here would make data written by an earlier version unreadable.
        assertThat(ProtobufTypeIds.hashOffset("shop.Payment")).isEqualTo(0xC6CB5);
        assertThat(ProtobufTypeIds.hashed().typeIdOf(Payment.class))
                .isEqualTo(ProtobufTypeIds.DEFAULT_BASE + 0xC6CB5)
                .isEqualTo(new ProtobufStreamSerializer<>(Payment.class).getTypeId());
        assertThat(ProtobufTypeIds.hashed(1000).typeIdOf(Payment.getDescriptor())).isEqualTo(1000 + 0xC6CB5);
    }

    @Test
    void shouldUseExplicitOffsetsAndRequireThemInTheExplicitScheme() {
        ProtobufTypeIds ids = ProtobufTypeIds.explicit(5000).with(Card.class, 7);
        assertThat(ids.typeIdOf(Card.class)).isEqualTo(5007);
        assertThatThrownBy(() -> ids.typeIdOf(Order.class))
                .hasMessageContaining("no type id for shop.Order: the explicit scheme from base 5000 lists [shop.Card]");
        assertThat(ProtobufTypeIds.hashed().with(Order.class, 3).typeIdOf(Order.class))
                .isEqualTo(ProtobufTypeIds.DEFAULT_BASE + 3);
        assertThatThrownBy(() -> ProtobufTypeIds.hashed(Integer.MAX_VALUE - 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("base must be in 1..");
        assertThatThrownBy(() -> ids.with(Order.class, 1 << 20)).hasMessageContaining("must be in 0..1048575");
    }

    @Test
    void shouldRejectClashingIdsAtRegistration() {
        SerializationConfig config = new SerializationConfig();
        ProtobufTypeIds clash = ProtobufTypeIds.explicit(100).with(Card.class, 1).with(Order.class, 1);
        assertThatThrownBy(() -> ProtobufSerialization.register(config, clash, Card.class, Order.class))
                .hasMessageStartingWith("type id 101 of " + Order.class.getName() + " is already used by "
                        + Card.class.getName());
        assertThat(config.getSerializerConfigs()).as("nothing registered on failure").isEmpty();

        config.addSerializerConfig(new SerializerConfig().setTypeClass(String.class)
                .setImplementation(new ProtobufStreamSerializer<>(Order.class, 101)));
        assertThatThrownBy(() -> ProtobufSerialization.register(config, ProtobufTypeIds.explicit(100)
                .with(Card.class, 1), Card.class)).hasMessageContaining("is already used by java.lang.String");
    }

    @Test
    void shouldRegisterOnceAndRefuseASecondKindOfSerializer() {
        SerializationConfig config = new SerializationConfig();
        ProtobufSerialization.register(config, Payment.class, Card.class);
        ProtobufSerialization.register(config, Payment.class);
        assertThat(config.getSerializerConfigs()).hasSize(2);
        assertThatThrownBy(() -> ProtobufSerialization.register(config, ProtobufTypeIds.hashed(77), Payment.class))
                .hasMessageContaining(Payment.class.getName() + " already has a serializer in this config");
        assertThatThrownBy(() -> ProtobufSerialization.registerCompact(config, Card.class))
                .hasMessageContaining(Card.class.getName() + " already has a stream serializer");
    }
}
