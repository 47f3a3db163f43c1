package io.jetway.examples.fraud;

import io.jetway.examples.fraud.proto.Payment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;

/**
 * Makes the example's input, the same for the same seed: payments of random accounts in event-time
 * order, 5 ms apart, with now and then a burst of payments of one account (what the rule is meant to
 * catch), and at the end one marker per partition far enough in the future to close every window.
 * Also computes, from the same list, the alerts a correct job must raise.
 */
public final class PaymentGenerator {

    /** The account of the end markers; the rule never sees it. */
    public static final String END_MARKER = "__end__";
    static final long BASE_TIME_MS = 1_700_000_000_000L;
    private static final long SPACING_MS = 5;
    private static final int BURST_ONE_IN = 400;
    private static final int BURST_LENGTH = 5;

    private PaymentGenerator() {
    }

    /** {@code count} payments over {@code accounts} accounts. */
    public static List<Payment> payments(int count, int accounts, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Payment> payments = new ArrayList<>(count);
        String burstAccount = null;
        int burstLeft = 0;
        for (int i = 0; i < count; i++) {
            if (burstLeft == 0 && random.nextInt(BURST_ONE_IN) == 0) {
                burstAccount = account(random.nextInt(accounts));
                burstLeft = BURST_LENGTH;
            }
            String account;
            if (burstLeft > 0) {
                account = burstAccount;
                burstLeft--;
            } else {
                account = account(random.nextInt(accounts));
            }
            payments.add(Payment.newBuilder()
                    .setPaymentId("p-" + i)
                    .setAccount(account)
                    .setAmountCents(100 + random.nextInt(40_000))
                    .setTimestampMs(BASE_TIME_MS + i * SPACING_MS)
                    .setMerchant("merchant-" + random.nextInt(500))
                    .setCountry(random.nextInt(20) == 0 ? "Ísland" : "Deutschland")
                    .build());
        }
        return payments;
    }

    /** One marker per partition, a minute of event time after the last payment, to close every window. */
    public static List<Payment> endMarkers(List<Payment> payments, int partitions) {
        long end = payments.get(payments.size() - 1).getTimestampMs() + 6 * FraudRule.WINDOW_MS;
        List<Payment> markers = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            markers.add(Payment.newBuilder().setPaymentId("end-" + p).setAccount(END_MARKER).setTimestampMs(end).build());
        }
        return markers;
    }

    /** The alerts a correct job raises for {@code payments}, by {@link Alert#id()}. */
    public static Set<String> expectedAlerts(List<Payment> payments) {
        Map<String, long[]> windows = new HashMap<>();
        for (Payment p : payments) {
            long[] totals = windows.computeIfAbsent(p.getAccount() + "@" + FraudRule.windowStart(p.getTimestampMs()),
                    k -> new long[2]);
            totals[0]++;
            totals[1] += p.getAmountCents();
        }
        Set<String> alerts = new HashSet<>();
        windows.forEach((id, totals) -> {
            if (FraudRule.isSuspicious(totals[0], totals[1])) {
                alerts.add(id);
            }
        });
        return alerts;
    }

    private static String account(int n) {
        return "acct-" + n;
    }
}
