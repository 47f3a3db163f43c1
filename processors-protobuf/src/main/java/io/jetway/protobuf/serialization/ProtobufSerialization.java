package io.jetway.protobuf.serialization;

import com.google.protobuf.Message;
import com.hazelcast.config.CompactSerializationConfig;
import com.hazelcast.config.CompactSerializationConfigAccessor;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.serialization.Serializer;
import com.hazelcast.nio.serialization.compact.CompactSerializer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * Registers Protobuf serializers in a member's or client's {@link SerializationConfig}; every member and
 * client of a cluster needs the same registrations.
 * <pre>{@code
 * Config config = new Config();
 * ProtobufSerialization.register(config.getSerializationConfig(), Payment.class, Refund.class); // wire bytes
 * ProtobufSerialization.registerCompact(config.getSerializationConfig(), Order.class);          // SQL-queryable
 * }</pre>
 * Both methods check everything now and fail with an {@link IllegalArgumentException} that names the
 * type: a clash of type ids or of Compact type names, a class registered twice with different
 * serializers, a field Compact cannot hold. Registering the same thing again is a no-op. A class can be
 * registered one way only: as a stream serializer or as Compact.
 */
public final class ProtobufSerialization {

    private ProtobufSerialization() {
    }

    /** Registers a {@link ProtobufStreamSerializer} per type, with {@link ProtobufTypeIds#hashed()} type ids. */
    @SafeVarargs
    public static SerializationConfig register(SerializationConfig config, Class<? extends Message>... types) {
        return register(config, ProtobufTypeIds.hashed(), types);
    }

    /** Registers a {@link ProtobufStreamSerializer} per type, with type ids from {@code typeIds}. */
    @SafeVarargs
    public static SerializationConfig register(SerializationConfig config, ProtobufTypeIds typeIds,
                                               Class<? extends Message>... types) {
        requireNonNull(config, "config cannot be null");
        requireNonNull(typeIds, "typeIds cannot be null");
        Map<Integer, String> idOwners = new HashMap<>();
        Map<String, SerializerConfig> byClassName = new HashMap<>();
        for (SerializerConfig existing : config.getSerializerConfigs()) {
            String className = existing.getTypeClass() != null ? existing.getTypeClass().getName()
                    : existing.getTypeClassName();
            byClassName.put(className, existing);
            Serializer implementation = existing.getImplementation();
            if (implementation != null) {
                idOwners.put(implementation.getTypeId(), className);
            }
        }
        Map<Class<? extends Message>, ProtobufStreamSerializer<?>> toAdd = new LinkedHashMap<>();
        for (Class<? extends Message> type : types) {
            requireNonNull(type, "types cannot contain null");
            checkNotCompact(config.getCompactSerializationConfig(), type);
            ProtobufStreamSerializer<?> serializer = new ProtobufStreamSerializer<>(type, typeIds.typeIdOf(type));
            SerializerConfig existing = byClassName.get(type.getName());
            if (existing != null) {
                if (existing.getImplementation() instanceof ProtobufStreamSerializer<?> other
                        && other.getTypeId() == serializer.getTypeId()) {
                    continue;   // registered before, the same way
                }
                throw new IllegalArgumentException(type.getName() + " already has a serializer in this config: "
                        + (existing.getImplementation() != null ? existing.getImplementation() : existing.getClassName()));
            }
            if (toAdd.containsKey(type)) {
                continue;
            }
            String owner = idOwners.putIfAbsent(serializer.getTypeId(), type.getName());
            if (owner != null) {
                throw new IllegalArgumentException("type id " + serializer.getTypeId() + " of " + type.getName()
                        + " is already used by " + owner + "; give one of them another id, e.g. "
                        + "ProtobufTypeIds.hashed().with(" + type.getSimpleName() + ".class, offset)");
            }
            toAdd.put(type, serializer);
        }
        toAdd.forEach((type, serializer) ->
                config.addSerializerConfig(new SerializerConfig().setTypeClass(type).setImplementation(serializer)));
        return config;
    }

    /**
     * Registers {@link ProtobufCompactSerializer}s for each root type and every message type reachable
     * from it, enums by name. Types shared between roots (or with an earlier call) are registered once.
     */
    @SafeVarargs
    public static SerializationConfig registerCompact(SerializationConfig config, Class<? extends Message>... roots) {
        return registerCompact(config, CompactEnumMapping.NAME, roots);
    }

    /** As {@link #registerCompact(SerializationConfig, Class[])}, with enums stored as {@code enums} says. */
    @SafeVarargs
    public static SerializationConfig registerCompact(SerializationConfig config, CompactEnumMapping enums,
                                                      Class<? extends Message>... roots) {
        requireNonNull(config, "config cannot be null");
        requireNonNull(enums, "enums cannot be null");
        CompactSerializationConfig compact = config.getCompactSerializationConfig();
        Map<String, ProtobufCompactSerializer<?>> toAdd = new LinkedHashMap<>();
        for (Class<? extends Message> root : roots) {
            requireNonNull(root, "roots cannot contain null");
            for (ProtobufCompactSerializer<?> serializer : ProtobufCompactSerializer.forTree(root, enums)) {
                checkNoStreamSerializer(config, serializer.getCompactClass());
                CompactSerializer<?> registered = registeredCompact(compact, serializer.getTypeName());
                if (registered == null) {
                    ProtobufCompactSerializer<?> previous = toAdd.putIfAbsent(serializer.getTypeName(), serializer);
                    if (previous != null && !previous.equals(serializer)) {
                        throw new IllegalStateException("two serializers for " + serializer.getTypeName());
                    }
                } else if (!serializer.equals(registered)) {
                    throw new IllegalArgumentException("Compact type '" + serializer.getTypeName()
                            + "' is already registered with " + registered + "; cannot also register " + serializer
                            + " (register every Protobuf type with the same enum mapping)");
                }
            }
        }
        toAdd.values().forEach(compact::addSerializer);
        return config;
    }

    // Reads registrations only; CompactSerializationConfig has no public getter for them. Its accessor's map
    // uses raw types.
    @SuppressWarnings("rawtypes")
    private static CompactSerializer<?> registeredCompact(CompactSerializationConfig compact, String typeName) {
        var registration = CompactSerializationConfigAccessor.getRegistrations(compact).get(typeName);
        if (registration == null) {
            return null;
        }
        if (registration.element3 == null) {
            throw new IllegalArgumentException("Compact type '" + typeName + "' is already registered for class "
                    + registration.element1.getName() + " with the reflective serializer");
        }
        return registration.element3;
    }

    @SuppressWarnings("rawtypes")
    private static void checkNotCompact(CompactSerializationConfig compact, Class<?> type) {
        for (var registration : CompactSerializationConfigAccessor.getRegistrations(compact).values()) {
            if (Objects.equals(registration.element1, type)) {
                throw new IllegalArgumentException(type.getName() + " is already registered as Compact type '"
                        + registration.element2 + "'; a class can have one serializer only");
            }
        }
    }

    private static void checkNoStreamSerializer(SerializationConfig config, Class<?> type) {
        for (SerializerConfig existing : config.getSerializerConfigs()) {
            if (existing.getTypeClass() == type || type.getName().equals(existing.getTypeClassName())) {
                throw new IllegalArgumentException(type.getName() + " already has a stream serializer in this config ("
                        + (existing.getImplementation() != null ? existing.getImplementation() : existing.getClassName())
                        + "); a class can have one serializer only");
            }
        }
    }
}
