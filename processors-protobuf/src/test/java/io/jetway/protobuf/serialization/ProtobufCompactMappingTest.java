package io.jetway.protobuf.serialization;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.FieldKind;
import io.jetway.protobuf.test.shop.Attachments;
import io.jetway.protobuf.test.shop.Category;
import io.jetway.protobuf.test.shop.LegacyRefund;
import io.jetway.protobuf.test.shop.Order;
import io.jetway.protobuf.test.shop.Payment;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.hazelcast.nio.serialization.FieldKind.ARRAY_OF_COMPACT;
import static com.hazelcast.nio.serialization.FieldKind.ARRAY_OF_INT32;
import static com.hazelcast.nio.serialization.FieldKind.ARRAY_OF_INT8;
import static com.hazelcast.nio.serialization.FieldKind.ARRAY_OF_STRING;
import static com.hazelcast.nio.serialization.FieldKind.BOOLEAN;
import static com.hazelcast.nio.serialization.FieldKind.COMPACT;
import static com.hazelcast.nio.serialization.FieldKind.FLOAT32;
import static com.hazelcast.nio.serialization.FieldKind.FLOAT64;
import static com.hazelcast.nio.serialization.FieldKind.INT32;
import static com.hazelcast.nio.serialization.FieldKind.INT64;
import static com.hazelcast.nio.serialization.FieldKind.NULLABLE_INT32;
import static com.hazelcast.nio.serialization.FieldKind.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link ProtobufCompactSerializer} maps, and what it refuses at registration. */
class ProtobufCompactMappingTest {

    @Test
    void shouldMapEveryFieldOfAnOrderToACompactKind() {
        List<ProtobufCompactSerializer<?>> tree = ProtobufCompactSerializer.forTree(Order.class);
        assertThat(tree).extracting(ProtobufCompactSerializer::getTypeName).containsExactly(
                "jetway.proto.shop.Order", "jetway.proto.shop.Address", "jetway.proto.shop.Customer",
                "jetway.proto.shop.Money", "jetway.proto.shop.LineItem");
        Map<String, FieldKind> expected = new LinkedHashMap<>();
        expected.put("order_id", STRING);
        expected.put("customer", COMPACT);
        expected.put("items", ARRAY_OF_COMPACT);
        expected.put("total", COMPACT);
        expected.put("status", STRING);
        expected.put("placed_at_ms", INT64);
        expected.put("coupon_codes", ARRAY_OF_STRING);
        expected.put("warehouse_ids", ARRAY_OF_INT32);
        expected.put("status_history", ARRAY_OF_STRING);
        expected.put("checksum", ARRAY_OF_INT8);
        expected.put("gift", BOOLEAN);
        expected.put("weight_kg", FLOAT64);
        expected.put("discount_rate", FLOAT32);
        expected.put("note", STRING);
        expected.put("priority", NULLABLE_INT32);
        expected.put("ship_to", COMPACT);
        expected.put("pickup_store_id", STRING);
        expected.put("sequence", INT64);
        expected.put("region_code", INT64);
        assertThat(tree.get(0).fieldKinds()).containsExactlyEntriesOf(expected);
    }

    @Test
    void shouldMapEnumsToNumbersWhenAsked() {
        ProtobufCompactSerializer<?> order = ProtobufCompactSerializer.forTree(Order.class, CompactEnumMapping.NUMBER)
                .get(0);
        assertThat(order.fieldKinds()).containsEntry("status", INT32).containsEntry("status_history", ARRAY_OF_INT32);
    }

    @Test
    void shouldMapProto2OptionalScalarsToNullableKinds() {
        assertThat(ProtobufCompactSerializer.forTree(LegacyRefund.class).get(0).fieldKinds()).containsExactly(
                Map.entry("refund_id", STRING), Map.entry("amount_cents", FieldKind.NULLABLE_INT64),
                Map.entry("reason", STRING));
    }

    @Test
    void shouldRefuseMapsNamingTheField() {
        assertThatThrownBy(() -> ProtobufCompactSerializer.forTree(Payment.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot map shop.Payment to Compact: field shop.Payment.attributes "
                        + "(at shop.Payment.attributes) is a map; Compact has no map kind");
    }

    @Test
    void shouldRefuseRecursiveTypes() {
        assertThatThrownBy(() -> ProtobufCompactSerializer.forTree(Category.class))
                .hasMessageStartingWith("Cannot map shop.Category to Compact: field shop.Category.children "
                        + "(at shop.Category.children) refers back to shop.Category (a recursive type)");
    }

    @Test
    void shouldRefuseRepeatedBytes() {
        assertThatThrownBy(() -> ProtobufCompactSerializer.forTree(Attachments.class))
                .hasMessageContaining("field shop.Attachments.blobs (at shop.Attachments.blobs) is repeated bytes");
    }

    @Test
    void shouldRegisterSharedNestedTypesOnceAcrossCalls() {
        SerializationConfig config = new SerializationConfig();
        ProtobufSerialization.registerCompact(config, Order.class);
        ProtobufSerialization.registerCompact(config, io.jetway.protobuf.test.shop.Customer.class, Order.class);
        assertThatThrownBy(() -> ProtobufSerialization.registerCompact(config, CompactEnumMapping.NUMBER, Order.class))
                .hasMessageContaining("Compact type 'jetway.proto.shop.Order' is already registered with "
                        + "ProtobufCompactSerializer{jetway.proto.shop.Order, enums=NAME}");
        assertThatThrownBy(() -> ProtobufSerialization.register(config, Order.class))
                .hasMessageContaining("is already registered as Compact type 'jetway.proto.shop.Order'");
    }
}
