package io.jetway.examples.fraud;

/**
 * The running totals of one account, kept in the IMap {@code account_summaries} and queryable with SQL
 * (Hazelcast serializes records as Compact without configuration).
 */
public record AccountSummary(String account, long payments, long totalCents) {
}
