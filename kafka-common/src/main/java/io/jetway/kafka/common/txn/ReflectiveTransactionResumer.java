package io.jetway.kafka.common.txn;

import com.hazelcast.logging.Logger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The one place where Jetway reaches into kafka-clients internals (tested with the versions in
 * {@link KafkaClientsCompatibility#TESTED}; others are refused unless overridden): it reads the
 * producer id and epoch of a {@link KafkaProducer}'s open transaction, and makes a fresh producer the
 * owner of an open transaction so that {@code commitTransaction()} commits it. KIP-939 will make this
 * public ({@code initTransactions(true)}, {@code prepareTransaction()}); until then this is how a
 * two-phase commit survives the loss of the producer.
 *
 * <h2>What it touches</h2>
 * <ul>
 *     <li>{@code KafkaProducer.transactionManager} (field, read)</li>
 *     <li>{@code TransactionManager}: {@code transactionalId()} (method), {@code currentState},
 *     {@code producerIdAndEpoch}, {@code isTransactionV2Enabled} and {@code transactionStarted}
 *     (fields, read and written) and {@code transitionTo(State)} (private method, which validates each
 *     state change)</li>
 *     <li>{@code TransactionManager.State}: {@code UNINITIALIZED}, {@code INITIALIZING}, {@code READY},
 *     {@code IN_TRANSACTION}</li>
 *     <li>{@code ProducerIdAndEpoch} ({@code common.utils.internals} since 4.4, {@code common.utils} in 4.0 to
 *     4.3): constructor {@code (long, short)} and fields {@code producerId}, {@code epoch}</li>
 * </ul>
 * When first used, the kafka-clients version is checked against {@link KafkaClientsCompatibility} and all of
 * these are looked up; an untested version or a missing member fails with a message naming the
 * kafka-clients version, before any record is written.
 *
 * <h2>Resuming</h2>
 * State UNINITIALIZED → INITIALIZING, set producer id/epoch and the protocol recorded at phase 1
 * (a protocol-2 transaction must be ended by a protocol-2 request, also when the epoch overflowed),
 * → READY → IN_TRANSACTION, and mark the transaction started: without that flag
 * {@code commitTransaction()} would return without sending anything. All of it under the
 * transaction manager's monitor, which its own methods hold, so its I/O thread never sees half of it.
 */
public final class ReflectiveTransactionResumer implements TransactionResumer {

    static final String TRANSACTION_MANAGER = "org.apache.kafka.clients.producer.internals.TransactionManager";
    /** Where {@code ProducerIdAndEpoch} is: since kafka-clients 4.4, and in 4.0 to 4.3. */
    static final List<String> PRODUCER_ID_AND_EPOCH = List.of(
            "org.apache.kafka.common.utils.internals.ProducerIdAndEpoch",
            "org.apache.kafka.common.utils.ProducerIdAndEpoch");

    // Built when exactly-once is first used; a failed lookup is not cached, so every caller gets the message.
    private static volatile ReflectiveTransactionResumer instance;

    private final Field transactionManager;
    private final Method transactionalId;
    private final Field currentState;
    private final Field producerIdAndEpoch;
    private final Field transactionV2;
    private final Field transactionStarted;
    private final Method transitionTo;
    private final Object uninitialized;
    private final Object initializing;
    private final Object ready;
    private final Object inTransaction;
    private final Constructor<?> newProducerIdAndEpoch;
    private final Field producerId;
    private final Field epoch;

    // The class names are parameters so that a test can show the error for internals that moved.
    ReflectiveTransactionResumer(String transactionManagerClass, List<String> producerIdAndEpochClasses) {
        ClassLoader loader = KafkaProducer.class.getClassLoader();
        Class<?> tm = type(transactionManagerClass, loader);
        Class<?> state = type(transactionManagerClass + "$State", loader);
        transactionManager = field(KafkaProducer.class, "transactionManager", tm);
        transactionalId = method(tm, "transactionalId", String.class);
        currentState = field(tm, "currentState", state);
        producerIdAndEpoch = fieldOfOneOf(tm, "producerIdAndEpoch", producerIdAndEpochClasses);
        Class<?> pie = producerIdAndEpoch.getType();
        transactionV2 = field(tm, "isTransactionV2Enabled", boolean.class);
        transactionStarted = field(tm, "transactionStarted", boolean.class);
        transitionTo = method(tm, "transitionTo", void.class, state);
        uninitialized = constant(state, "UNINITIALIZED");
        initializing = constant(state, "INITIALIZING");
        ready = constant(state, "READY");
        inTransaction = constant(state, "IN_TRANSACTION");
        try {
            newProducerIdAndEpoch = pie.getConstructor(long.class, short.class);
        } catch (NoSuchMethodException e) {
            throw unsupported("constructor " + pie.getSimpleName() + "(long, short)", e);
        }
        producerId = field(pie, "producerId", long.class);
        epoch = field(pie, "epoch", short.class);
    }

    /**
     * The resumer for the kafka-clients on the class path.
     *
     * @throws IllegalStateException naming the kafka-clients version when it was not tested (and
     *                               {@value KafkaClientsCompatibility#OVERRIDE_PROPERTY} is not
     *                               {@value KafkaClientsCompatibility#OVERRIDE_VALUE}) or its internals are
     *                               not as expected
     */
    public static ReflectiveTransactionResumer instance() {
        ReflectiveTransactionResumer resumer = instance;
        if (resumer == null) {
            synchronized (ReflectiveTransactionResumer.class) {
                if (instance == null) {
                    instance = create(kafkaClientsVersion(),
                            System.getProperty(KafkaClientsCompatibility.OVERRIDE_PROPERTY),
                            Logger.getLogger(ReflectiveTransactionResumer.class)::warning);
                }
                resumer = instance;
            }
        }
        return resumer;
    }

    /** {@link #instance()} as if {@code version} were on the class path and the override had that value. */
    static ReflectiveTransactionResumer create(String version, String override, Consumer<String> warn) {
        KafkaClientsCompatibility.check(version, override, warn);
        return new ReflectiveTransactionResumer(TRANSACTION_MANAGER, PRODUCER_ID_AND_EPOCH);
    }

    /** The kafka-clients version found on the class path, from its {@code kafka/kafka-version.properties}. */
    public static String kafkaClientsVersion() {
        try (InputStream in = KafkaProducer.class.getClassLoader().getResourceAsStream("kafka/kafka-version.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version: " + e + ")";
        }
    }

    @Override
    public PreparedTransaction currentTransaction(Producer<?, ?> producer) {
        Object tm = transactionManagerOf(producer);
        try {
            String id = (String) transactionalId.invoke(tm);
            Object current = producerIdAndEpoch.get(tm);
            long pid = producerId.getLong(current);
            short producerEpoch = epoch.getShort(current);
            if (pid < 0 || producerEpoch < 0) {
                throw new IllegalStateException("Producer of transactional id '" + id + "' has no producer id yet "
                        + "(initTransactions not done), so it has no transaction to prepare");
            }
            return new PreparedTransaction(id, pid, producerEpoch, transactionV2.getBoolean(tm));
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw failure("read the open transaction", e);
        }
    }

    @Override
    public void resume(Producer<?, ?> producer, PreparedTransaction transaction) {
        Object tm = transactionManagerOf(producer);
        // TransactionManager's own methods synchronize on it: holding its monitor keeps its I/O thread
        // from seeing a half-resumed state.
        synchronized (tm) {
            try {
                String id = (String) transactionalId.invoke(tm);
                if (!transaction.transactionalId().equals(id)) {
                    throw new IllegalArgumentException("Cannot resume " + transaction + " with the producer of "
                            + "transactional id '" + id + "'");
                }
                Object state = currentState.get(tm);
                if (state != uninitialized) {
                    throw new IllegalStateException("Cannot resume " + transaction + ": the producer is in state "
                            + state + ", resuming needs a new producer on which initTransactions() was not called");
                }
                transitionTo.invoke(tm, initializing);
                producerIdAndEpoch.set(tm, newProducerIdAndEpoch.newInstance(transaction.producerId(),
                        transaction.epoch()));
                transactionV2.setBoolean(tm, transaction.transactionV2());
                transitionTo.invoke(tm, ready);
                transitionTo.invoke(tm, inTransaction);
                transactionStarted.setBoolean(tm, true);
            } catch (IllegalAccessException | InvocationTargetException | InstantiationException e) {
                throw failure("resume " + transaction, e);
            }
        }
    }

    private Object transactionManagerOf(Producer<?, ?> producer) {
        if (!(producer instanceof KafkaProducer)) {
            throw new IllegalArgumentException("Transactions can only be resumed on a KafkaProducer, not on "
                    + producer.getClass().getName());
        }
        try {
            Object tm = transactionManager.get(producer);
            if (tm == null) {
                throw new IllegalArgumentException("The producer is not transactional: set transactional.id");
            }
            return tm;
        } catch (IllegalAccessException e) {
            throw failure("read KafkaProducer.transactionManager", e);
        }
    }

    private static RuntimeException failure(String what, Exception e) {
        Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        return new IllegalStateException("Cannot " + what + " with kafka-clients " + kafkaClientsVersion(), cause);
    }

    private static Class<?> type(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw unsupported("class " + name, e);
        }
    }

    private static Field field(Class<?> owner, String name, Class<?> type) {
        String what = "field " + owner.getSimpleName() + "." + name + " of type " + type.getName();
        Field field;
        try {
            field = owner.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw unsupported(what, e);
        }
        if (field.getType() != type || Modifier.isStatic(field.getModifiers())) {
            throw unsupported(what + " (found " + field + ")", null);
        }
        makeAccessible(field, what);
        return field;
    }

    private static Field fieldOfOneOf(Class<?> owner, String name, List<String> typeNames) {
        String what = "field " + owner.getSimpleName() + "." + name + " of type " + String.join(" or ", typeNames);
        Field field;
        try {
            field = owner.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw unsupported(what, e);
        }
        if (!typeNames.contains(field.getType().getName()) || Modifier.isStatic(field.getModifiers())) {
            throw unsupported(what + " (found " + field + ")", null);
        }
        makeAccessible(field, what);
        return field;
    }

    private static Method method(Class<?> owner, String name, Class<?> returnType, Class<?>... parameters) {
        String what = "method " + owner.getSimpleName() + "." + name + " returning " + returnType.getName();
        Method method;
        try {
            method = owner.getDeclaredMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw unsupported(what, e);
        }
        if (method.getReturnType() != returnType) {
            throw unsupported(what + " (found " + method + ")", null);
        }
        makeAccessible(method, what);
        return method;
    }

    private static void makeAccessible(AccessibleObject member, String what) {
        try {
            member.setAccessible(true);
        } catch (RuntimeException e) { // InaccessibleObjectException when kafka-clients is a named module
            throw unsupported(what + " (not accessible: " + e.getMessage() + ")", e);
        }
    }

    private static Object constant(Class<?> enumType, String name) {
        for (Object constant : enumType.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw unsupported("constant " + enumType.getSimpleName() + "." + name, null);
    }

    private static IllegalStateException unsupported(String missing, Throwable cause) {
        return new IllegalStateException("Exactly-once with Kafka transactions is not supported with kafka-clients "
                + kafkaClientsVersion() + ": " + missing + " not found. Jetway resumes a transaction prepared in "
                + "snapshot phase 1 through producer internals, tested with kafka-clients "
                + KafkaClientsCompatibility.testedText() + "; use one of those (or run the job at-least-once)",
                cause);
    }
}
