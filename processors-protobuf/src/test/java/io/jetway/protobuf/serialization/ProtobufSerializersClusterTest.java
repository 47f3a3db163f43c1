package io.jetway.protobuf.serialization;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import com.hazelcast.sql.SqlResult;
import com.hazelcast.sql.SqlRow;
import io.jetway.protobuf.test.ShopEvents;
import io.jetway.protobuf.test.shop.Address;
import io.jetway.protobuf.test.shop.Card;
import io.jetway.protobuf.test.shop.Currency;
import io.jetway.protobuf.test.shop.Customer;
import io.jetway.protobuf.test.shop.Money;
import io.jetway.protobuf.test.shop.Order;
import io.jetway.protobuf.test.shop.OrderStatus;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.testing.HazelcastClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serializers in a real 2-member cluster: values put through one member are read back through the
 * other. {@code shop.Payment} is registered by the test jar's {@link PaymentSerializerHook} only,
 * {@code shop.Card} by {@link ProtobufSerialization#register} with an explicit id, {@code shop.Order}
 * and its nested types as Compact.
 */
class ProtobufSerializersClusterTest {

    static final int CARD_TYPE_ID = 5007;

    @RegisterExtension
    static final HazelcastClusterExtension HZ = HazelcastClusterExtension.of(2,
            ProtobufSerializersClusterTest::registerSerializers);

    static void registerSerializers(Config config) {
        ProtobufSerialization.register(config.getSerializationConfig(),
                ProtobufTypeIds.explicit(5000).with(Card.class, 7), Card.class);
        ProtobufSerialization.registerCompact(config.getSerializationConfig(), Order.class);
    }

    @Test
    void shouldRoundTripPaymentsThroughTheSerializerHook() {
        HazelcastInstance writer = HZ.cluster().member(0);
        HazelcastInstance reader = HZ.cluster().member(1);
        assertThat(typeIdOf(writer, ShopEvents.samplePayment("p"))).as("the hook's serializer, not Java serialization")
                .isEqualTo(ProtobufTypeIds.hashed().typeIdOf(Payment.class));

        Random random = new Random(11);
        Map<String, Payment> written = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            written.put("p-" + i, ShopEvents.payment(random));   // every 10th with a 5 kB field: several bulk writes
        }
        writer.<String, Payment>getMap("payments").putAll(written);
        IMap<String, Payment> readBack = reader.getMap("payments");
        assertThat(readBack.getAll(written.keySet())).isEqualTo(written);
    }

    @Test
    void shouldRoundTripPaymentsNestedInOtherSerializedData() {
        Random random = new Random(12);
        ArrayList<Payment> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(ShopEvents.payment(random));
        }
        HZ.cluster().member(0).<String, List<Payment>>getMap("batches").put("b", batch);
        assertThat(HZ.cluster().member(1).<String, List<Payment>>getMap("batches").get("b"))
                .as("length-prefixed values inside a list").isEqualTo(batch);
    }

    @Test
    void shouldUseTheExplicitTypeId() {
        Card card = Card.newBuilder().setBrand("mastercard").setLast4("4444").setExpiryYear(2030).build();
        assertThat(typeIdOf(HZ.cluster().member(0), card)).isEqualTo(CARD_TYPE_ID);
        HZ.cluster().member(0).getMap("cards").put("c", card);
        assertThat(HZ.cluster().member(1).getMap("cards").get("c")).isEqualTo(card);
    }

    @Test
    void shouldRoundTripRandomOrdersAsCompact() {
        Random random = new Random(13);
        Map<String, Order> written = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            written.put("o-" + i, ShopEvents.order(random));
        }
        HZ.cluster().member(0).<String, Order>getMap("orders-compact").putAll(written);
        IMap<String, Order> readBack = HZ.cluster().member(1).getMap("orders-compact");
        assertThat(readBack.getAll(written.keySet())).isEqualTo(written);
    }

    /**
     * Orders stored as Compact are queried with SQL by their .proto field names, by plain fields, by fields of
     * nested messages two levels deep, by enum name, by unset optional fields (NULL) and by unsigned fields.
     */
    @Test
    void shouldQueryOrdersWithSqlByPlainAndNestedFields() {
        HazelcastInstance member = HZ.cluster().member(0);
        IMap<String, Order> orders = member.getMap("orders-sql");
        Address zurich = Address.newBuilder().setStreet("Bahnhofstrasse 1").setCity("Zürich").setCountryCode("CH").build();
        Address tokyo = Address.newBuilder().setStreet("丸の内 1-1").setCity("東京").setCountryCode("JP").build();
        orders.put("o-1", Order.newBuilder().setOrderId("o-1").setStatus(OrderStatus.SHIPPED).setPlacedAtMs(1000)
                .setCustomer(Customer.newBuilder().setName("Zoë Müller").setBillingAddress(zurich))
                .setTotal(Money.newBuilder().setUnits(120).setCurrency(Currency.CHF)).setNote("").setPriority(0)
                .setShipTo(zurich).setRegionCode(-1).build());
        orders.put("o-2", Order.newBuilder().setOrderId("o-2").setStatus(OrderStatus.PAID).setPlacedAtMs(2000)
                .setCustomer(Customer.newBuilder().setName("山田 太郎").setBillingAddress(tokyo))
                .setTotal(Money.newBuilder().setUnits(5000).setCurrency(Currency.JPY)).setPickupStoreId("store-7")
                .build());
        orders.put("o-3", Order.newBuilder().setOrderId("o-3").setStatus(OrderStatus.SHIPPED).setPlacedAtMs(3000)
                .setCustomer(Customer.newBuilder().setName("Åsa Berg").setBillingAddress(zurich))
                .setTotal(Money.newBuilder().setUnits(80).setCurrency(Currency.CHF)).setNote("leave at door").build());

        String type = "OPTIONS ('format'='compact', 'compactTypeName'='";
        sql(member, "CREATE TYPE ShopAddress (street VARCHAR, city VARCHAR, postal_code VARCHAR, country_code VARCHAR) "
                + type + "jetway.proto.shop.Address')");
        sql(member, "CREATE TYPE ShopCustomer (customer_id VARCHAR, name VARCHAR, email VARCHAR, "
                + "billing_address ShopAddress) " + type + "jetway.proto.shop.Customer')");
        sql(member, "CREATE TYPE ShopMoney (units BIGINT, nanos INTEGER, currency VARCHAR) " + type
                + "jetway.proto.shop.Money')");
        sql(member, "CREATE MAPPING \"orders-sql\" (__key VARCHAR, order_id VARCHAR, customer ShopCustomer, "
                + "total ShopMoney, status VARCHAR, placed_at_ms BIGINT, gift BOOLEAN, weight_kg DOUBLE, "
                + "discount_rate REAL, note VARCHAR, priority INTEGER, ship_to ShopAddress, pickup_store_id VARCHAR, "
                + "sequence BIGINT, region_code BIGINT) TYPE IMap OPTIONS ('keyFormat'='varchar', "
                + "'valueFormat'='compact', 'valueCompactTypeName'='jetway.proto.shop.Order')");

        HazelcastInstance other = HZ.cluster().member(1);
        assertThat(sql(other, "SELECT order_id FROM \"orders-sql\" WHERE status = 'SHIPPED' ORDER BY order_id"))
                .containsExactly(List.of("o-1"), List.of("o-3"));
        assertThat(sql(other, "SELECT order_id, (customer).name FROM \"orders-sql\" "
                + "WHERE (customer).billing_address.city = 'Zürich' ORDER BY placed_at_ms DESC"))
                .containsExactly(List.of("o-3", "Åsa Berg"), List.of("o-1", "Zoë Müller"));
        assertThat(sql(other, "SELECT CAST(SUM((total).units) AS BIGINT) FROM \"orders-sql\" WHERE (total).currency = 'CHF'"))
                .containsExactly(List.of(200L));
        assertThat(sql(other, "SELECT order_id, note, priority FROM \"orders-sql\" ORDER BY order_id"))
                .as("unset optional fields are NULL, set-to-default ones are not")
                .containsExactly(Arrays.asList("o-1", "", 0), Arrays.asList("o-2", null, null),
                        Arrays.asList("o-3", "leave at door", null));
        assertThat(sql(other, "SELECT (ship_to).city, pickup_store_id, region_code FROM \"orders-sql\" "
                + "WHERE order_id IN ('o-1', 'o-2') ORDER BY order_id"))
                .as("oneof members: the set one has a value; fixed32 -1 reads unsigned")
                .containsExactly(Arrays.asList("Zürich", null, 4_294_967_295L), Arrays.asList(null, "store-7", 0L));
    }

    /** The statements {@link ProtobufSqlMapping} derives from the descriptor give the same answers. */
    @Test
    void shouldQueryThroughTheMappingDerivedFromTheDescriptor() {
        HazelcastInstance member = HZ.cluster().member(1);
        IMap<Long, Order> orders = member.getMap("orders-derived");
        Random random = new Random(14);
        Map<Long, Order> written = new HashMap<>();
        for (long i = 0; i < 50; i++) {
            written.put(i, ShopEvents.order(random));
        }
        orders.putAll(written);
        for (String statement : ProtobufSqlMapping.statements("orders-derived", "bigint", Order.class)) {
            sql(member, statement);
        }
        List<List<Object>> rows = sql(HZ.cluster().member(0), "SELECT __key, order_id, status, \"sequence\", "
                + "(customer).billing_address.city, (total).units, priority FROM \"orders-derived\"");
        List<List<Object>> expected = new ArrayList<>();
        written.forEach((key, order) -> expected.add(Arrays.asList(key, order.getOrderId(),
                order.getStatus() == OrderStatus.UNRECOGNIZED ? String.valueOf(order.getStatusValue())
                        : order.getStatus().name(),
                order.getSequence(),
                order.hasCustomer() && order.getCustomer().hasBillingAddress()
                        ? order.getCustomer().getBillingAddress().getCity() : null,
                order.hasTotal() ? order.getTotal().getUnits() : null,
                order.hasPriority() ? order.getPriority() : null)));
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Runs a statement; returns its rows as lists of column values (empty for DDL). */
    private static List<List<Object>> sql(HazelcastInstance member, String statement) {
        List<List<Object>> rows = new ArrayList<>();
        try (SqlResult result = member.getSql().execute(statement)) {
            if (result.isRowSet()) {
                for (SqlRow row : result) {
                    List<Object> values = new ArrayList<>();
                    for (int i = 0; i < row.getMetadata().getColumnCount(); i++) {
                        values.add(row.getObject(i));
                    }
                    rows.add(values);
                }
            }
        }
        return rows;
    }

    private static int typeIdOf(HazelcastInstance member, Object value) {
        SerializationService serialization = ((SerializationServiceSupport) member).getSerializationService();
        return serialization.toData(value).getType();
    }
}
