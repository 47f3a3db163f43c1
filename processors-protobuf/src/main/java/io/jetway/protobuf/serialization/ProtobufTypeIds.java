package io.jetway.protobuf.serialization;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import io.jetway.protobuf.internal.Messages;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The Hazelcast type ids of {@link ProtobufStreamSerializer}s: {@code typeId = base + offset}, where a
 * message type's offset is either given explicitly or derived from its full Protobuf name.
 * <p>
 * A type id is written into every serialized value and must be the same on every member and client and
 * across restarts of a cluster with persisted data, so it must not depend on registration order:
 * <ul>
 * <li>{@link #hashed(int)} (the default, {@link #hashed()}): offset = the low {@value #HASH_BITS} bits of the
 * CRC-32 of the UTF-8 full name ({@code shop.Payment}), so ids are stable as long as the name is. Two names
 * may collide (about 1 in 200 for 100 types); {@link ProtobufSerialization#register} detects it at
 * registration and asks for an explicit offset for one of them.</li>
 * <li>{@link #explicit(int)}: only offsets given with {@link #with(Class, int)}; a type without one is an
 * error at registration. Choose this when ids are documented or shared with non-Java clients.</li>
 * </ul>
 * {@link #with(Class, int)} also overrides the hash for one type. Ids must be positive (Hazelcast reserves
 * the others), so {@code base + 2^20 - 1} must not overflow.
 */
public final class ProtobufTypeIds implements Serializable {

    /** The default base, {@code 0x4A570000} ("JW"): ids from 1247215616 to 1248264191. */
    public static final int DEFAULT_BASE = 0x4A57_0000;
    /** How many bits of the name hash form the offset in {@link #hashed(int)}. */
    public static final int HASH_BITS = 20;

    private static final long serialVersionUID = 1L;
    private static final int MAX_OFFSET = (1 << HASH_BITS) - 1;
    private static final ProtobufTypeIds DEFAULT = new ProtobufTypeIds(DEFAULT_BASE, true, Map.of());

    private final int base;
    private final boolean hashUnlisted;
    private final Map<String, Integer> offsets;

    private ProtobufTypeIds(int base, boolean hashUnlisted, Map<String, Integer> offsets) {
        if (base <= 0 || (long) base + MAX_OFFSET > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("base must be in 1.." + (Integer.MAX_VALUE - MAX_OFFSET) + ": " + base);
        }
        this.base = base;
        this.hashUnlisted = hashUnlisted;
        this.offsets = Map.copyOf(offsets);
    }

    /** Hashed offsets from {@link #DEFAULT_BASE}. */
    public static ProtobufTypeIds hashed() {
        return DEFAULT;
    }

    /** Hashed offsets from {@code base}. */
    public static ProtobufTypeIds hashed(int base) {
        return new ProtobufTypeIds(base, true, Map.of());
    }

    /** Only explicit offsets from {@code base}; add them with {@link #with(Class, int)}. */
    public static ProtobufTypeIds explicit(int base) {
        return new ProtobufTypeIds(base, false, Map.of());
    }

    /** A copy where {@code type} has the type id {@code base + offset}; {@code offset} in 0..2^20-1. */
    public ProtobufTypeIds with(Class<? extends Message> type, int offset) {
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset of " + type.getName() + " must be in 0.." + MAX_OFFSET + ": "
                    + offset);
        }
        Map<String, Integer> copy = new HashMap<>(offsets);
        copy.put(Messages.defaultInstance(type).getDescriptorForType().getFullName(), offset);
        return new ProtobufTypeIds(base, hashUnlisted, copy);
    }

    /**
     * The type id of a message type.
     *
     * @throws IllegalArgumentException for an explicit scheme without an offset for that type
     */
    public int typeIdOf(Descriptor type) {
        String name = requireNonNull(type, "type cannot be null").getFullName();
        Integer offset = offsets.get(name);
        if (offset != null) {
            return base + offset;
        }
        if (!hashUnlisted) {
            throw new IllegalArgumentException("no type id for " + name + ": the explicit scheme from base " + base
                    + " lists " + offsets.keySet() + "; add .with(" + name + " class, offset)");
        }
        return base + hashOffset(name);
    }

    /** The type id of a generated message class. */
    public int typeIdOf(Class<? extends Message> type) {
        return typeIdOf(Messages.defaultInstance(type).getDescriptorForType());
    }

    static int hashOffset(String fullName) {
        CRC32 crc = new CRC32();
        crc.update(fullName.getBytes(UTF_8));
        return (int) (crc.getValue() & MAX_OFFSET);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtobufTypeIds that
                && base == that.base && hashUnlisted == that.hashUnlisted && offsets.equals(that.offsets);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * base + Boolean.hashCode(hashUnlisted)) + offsets.hashCode();
    }

    @Override
    public String toString() {
        return "ProtobufTypeIds{" + (hashUnlisted ? "hashed" : "explicit") + ", base=" + base + ", offsets=" + offsets
                + '}';
    }
}
