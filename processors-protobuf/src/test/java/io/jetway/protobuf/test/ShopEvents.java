package io.jetway.protobuf.test;

import com.google.protobuf.ByteString;
import io.jetway.protobuf.test.shop.Address;
import io.jetway.protobuf.test.shop.BankTransfer;
import io.jetway.protobuf.test.shop.Card;
import io.jetway.protobuf.test.shop.Currency;
import io.jetway.protobuf.test.shop.Customer;
import io.jetway.protobuf.test.shop.LineItem;
import io.jetway.protobuf.test.shop.Money;
import io.jetway.protobuf.test.shop.Order;
import io.jetway.protobuf.test.shop.Payment;
import io.jetway.protobuf.test.shop.PaymentStatus;

import java.util.Random;

/**
 * Random but realistic shop events from a seeded {@link Random}: every field type, unset and set
 * optionals, every oneof case, unknown enum numbers, empty and large {@code bytes}, non-ASCII text.
 */
public final class ShopEvents {

    /** Text that must survive UTF-8: accents, Greek, CJK, and characters outside the BMP (surrogate pairs). */
    private static final String[] WORDS = {"Zürich", "Ærøskøbing", "São Paulo", "Ελληνικά", "東京都", "Łódź",
            "naïve café", "😀 emoji", "𝄞 clef", "plain", "", "O'Brien \"quoted\"", "tab\tand\nnewline"};
    private static final String[] CITIES = {"Zürich", "Genève", "東京", "Kraków", "Reykjavík"};

    private ShopEvents() {
    }

    /** A fixed, fully populated payment. */
    public static Payment samplePayment(String id) {
        return Payment.newBuilder().setPaymentId(id).setOrderId("order-" + id)
                .setCustomer(customer(new Random(id.hashCode())))
                .setAmount(Money.newBuilder().setUnits(129).setNanos(990_000_000).setCurrency(Currency.CHF))
                .setStatus(PaymentStatus.CAPTURED).setCreatedAtMs(1_767_225_600_000L).addTags("first-order")
                .putAttributes("channel", "app").putAttributes("région", "Île-de-France")
                .setCard(Card.newBuilder().setBrand("visa").setLast4("4242").setExpiryMonth(12).setExpiryYear(2031)
                             .setToken(ByteString.copyFromUtf8("tok_" + id)))
                .setSignature(ByteString.copyFrom(new byte[]{1, 2, 3, (byte) 0xFF})).setRiskScore(0.12)
                .build();
    }

    public static Payment payment(Random r) {
        Payment.Builder b = Payment.newBuilder()
                .setPaymentId("pay-" + Long.toHexString(r.nextLong()))
                .setOrderId(word(r))
                .setStatusValue(r.nextInt(7))                       // 5 and 6 are not in the enum: open enum
                .setCreatedAtMs(1_700_000_000_000L + r.nextInt(1_000_000_000))
                .setSignature(bytes(r, r.nextInt(10) == 0 ? 5_000 : r.nextInt(40)))
                .setThreeDSecure(r.nextBoolean())
                .setRiskScore(r.nextInt(20) == 0 ? Double.NaN : r.nextDouble())
                .setFeeRate(r.nextFloat())
                .setAttempt(r.nextInt())                            // uint32: negative ints are large values
                .setBalanceDelta(r.nextLong())
                .setTraceId(r.nextLong());
        if (r.nextInt(5) != 0) {
            b.setCustomer(customer(r));
        }
        if (r.nextBoolean()) {
            b.setAmount(money(r));
        }
        for (int i = r.nextInt(4); i > 0; i--) {
            b.addTags(word(r));
            b.putAttributes(word(r) + i, word(r));
            b.addRetryAtMs(r.nextLong());
        }
        switch (r.nextInt(4)) {
            case 0 -> b.setCard(Card.newBuilder().setBrand(word(r)).setLast4(String.valueOf(r.nextInt(10_000)))
                                    .setExpiryMonth(1 + r.nextInt(12)).setExpiryYear(2025 + r.nextInt(10))
                                    .setToken(bytes(r, r.nextInt(32))));
            case 1 -> b.setBankTransfer(BankTransfer.newBuilder().setIban("CH93 0076 2011 6238 5295 7")
                                            .setBic("POFICHBEXXX").setReference(word(r)));
            case 2 -> b.setWalletId(word(r));
            default -> { }                                          // no payment method set
        }
        return b.build();
    }

    public static Order order(Random r) {
        Order.Builder b = Order.newBuilder()
                .setOrderId("ord-" + Long.toHexString(r.nextLong()))
                .setStatusValue(r.nextInt(7))
                .setPlacedAtMs(1_700_000_000_000L + r.nextInt(1_000_000_000))
                .setChecksum(bytes(r, r.nextInt(24)))
                .setGift(r.nextBoolean())
                .setWeightKg(r.nextInt(20) == 0 ? -0.0 : r.nextDouble() * 30)
                .setDiscountRate(r.nextFloat())
                .setSequence(r.nextLong())                          // uint64: the same 64 bits in Compact
                .setRegionCode(r.nextInt());                        // fixed32: unsigned, INT64 in Compact
        if (r.nextInt(5) != 0) {
            b.setCustomer(customer(r));
        }
        if (r.nextBoolean()) {
            b.setTotal(money(r));
        }
        for (int i = r.nextInt(4); i > 0; i--) {
            b.addItems(LineItem.newBuilder().setSku("SKU-" + r.nextInt(1000)).setTitle(word(r))
                               .setQuantity(1 + r.nextInt(5)).setUnitPrice(money(r)));
            b.addCouponCodes(word(r));
            b.addWarehouseIds(r.nextInt());
            b.addStatusHistoryValue(r.nextInt(7));
        }
        if (r.nextBoolean()) {
            b.setNote(r.nextBoolean() ? "" : word(r));             // set to "" differs from unset
        }
        if (r.nextBoolean()) {
            b.setPriority(r.nextInt(3));                            // set to 0 differs from unset
        }
        switch (r.nextInt(3)) {
            case 0 -> b.setShipTo(address(r));
            case 1 -> b.setPickupStoreId(word(r));
            default -> { }
        }
        return b.build();
    }

    public static Customer customer(Random r) {
        Customer.Builder b = Customer.newBuilder().setCustomerId("cus-" + r.nextInt(100_000)).setName(word(r))
                .setEmail("user" + r.nextInt(1000) + "@example.com");
        if (r.nextBoolean()) {
            b.setBillingAddress(address(r));
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            b.addSegments(word(r));
        }
        return b.build();
    }

    public static Address address(Random r) {
        return Address.newBuilder().setStreet(r.nextInt(200) + " " + word(r)).setCity(CITIES[r.nextInt(CITIES.length)])
                .setPostalCode(String.valueOf(1000 + r.nextInt(9000))).setCountryCode("CH").build();
    }

    public static Money money(Random r) {
        return Money.newBuilder().setUnits(r.nextInt(100_000)).setNanos(r.nextInt(1_000_000_000))
                .setCurrencyValue(r.nextInt(5)).build();
    }

    public static String word(Random r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    public static ByteString bytes(Random r, int length) {
        byte[] bytes = new byte[length];
        r.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }
}
