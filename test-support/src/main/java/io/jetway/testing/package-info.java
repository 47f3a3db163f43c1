/**
 * Test fixtures shared by every Jetway module (a {@code test}-scope dependency): real Kafka brokers and
 * real Hazelcast members, all on 127.0.0.1 with free ports, no Docker.
 *
 * <ul>
 *   <li>Kafka: {@link io.jetway.testing.KafkaBroker}, in-process ({@link io.jetway.testing.EmbeddedKafkaBroker},
 *       one per JVM through {@link io.jetway.testing.SharedKafka}) or in a child JVM that can be killed and
 *       restarted ({@link io.jetway.testing.KafkaBrokerProcess}); test data through
 *       {@link io.jetway.testing.KafkaTestData}.</li>
 *   <li>Hazelcast: {@link io.jetway.testing.HazelcastCluster} with members in this JVM and, to kill them
 *       for real, in child JVMs ({@link io.jetway.testing.HazelcastMemberProcess}).</li>
 *   <li>JUnit 5: {@link io.jetway.testing.KafkaExtension}, {@link io.jetway.testing.HazelcastClusterExtension}.</li>
 *   <li>Jobs: {@link io.jetway.testing.JetJobs}, whose waits stop with the job's failure as soon as the job ends.</li>
 *   <li>Logs and secrets: {@link io.jetway.testing.LogCapture} (what log4j2 logs while open),
 *       {@link io.jetway.testing.SecretProperties} (every Kafka client property that must never be printed).</li>
 * </ul>
 *
 * Every wait has a deadline and fails naming what it waited for. Child JVMs halt themselves when the
 * test JVM is gone (they watch their stdin), so a crashed run leaves no broker or member behind.
 * {@code io/jetway/testing/jetway-test-log4j2.xml} gives Jetway's own builds WARN logging for Kafka and Hazelcast,
 * INFO for Jetway, when chosen with {@code -Dlog4j2.configurationFile} (the parent pom does); it is not a
 * {@code log4j2-test.xml}, so it never replaces the logging of a project that uses this artifact.
 */
package io.jetway.testing;
