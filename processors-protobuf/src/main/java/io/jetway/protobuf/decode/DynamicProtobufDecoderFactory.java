package io.jetway.protobuf.decode;

import io.jetway.protobuf.internal.FactoryOptions;
import io.jetway.spi.codec.RecordDecoder;
import io.jetway.spi.codec.RecordDecoderFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@value #NAME}: a {@link DynamicProtobufDecoder} chosen in configuration, for schemas known at run time.
 * <table>
 * <caption>Options</caption>
 * <tr><td>{@code descriptor-set-file}</td><td>required: a {@code FileDescriptorSet} file readable on every member
 * ({@code protoc --include_imports --descriptor_set_out=FILE ...})</td></tr>
 * <tr><td>{@code message-type}</td><td>required: the message's full name, e.g. {@code shop.Payment}</td></tr>
 * <tr><td>{@code part}, {@code aliasing}, {@code on-null}, {@code on-empty}, {@code framing},
 * {@code schema-ids}, {@code message-indexes}</td><td>as for {@link ProtobufDecoderFactory}</td></tr>
 * </table>
 */
public final class DynamicProtobufDecoderFactory implements RecordDecoderFactory {

    /** The factory's name. */
    public static final String NAME = "protobuf-dynamic";

    private static final Set<String> OPTIONS = FactoryOptions.union(Set.of("descriptor-set-file", "message-type",
            "part", "aliasing", "on-null", "on-empty"), FactoryOptions.FRAMING_OPTIONS);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordDecoder<?> create(Map<String, String> options) {
        FactoryOptions read = new FactoryOptions(NAME, options, OPTIONS);
        Path file = Path.of(read.required("descriptor-set-file"));
        byte[] set;
        try {
            set = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("'" + NAME + "': cannot read option 'descriptor-set-file' "
                    + file.toAbsolutePath() + ": " + e, e);
        }
        return DynamicProtobufDecoder.of(DescriptorSets.messageType(set, read.required("message-type")),
                ProtobufDecoderFactory.decodeOptions(read));
    }
}
