package io.jetway.spi.codec;

import io.jetway.spi.NamedService;

import java.util.Map;

/**
 * Creates {@link RecordDecoder}s by name, so that a job can pick a decoder in configuration. Register an
 * implementation in {@code META-INF/services/io.jetway.spi.codec.RecordDecoderFactory}.
 */
public interface RecordDecoderFactory extends NamedService {

    /**
     * Creates a decoder; called once per source processor.
     *
     * @param options decoder-specific settings, for example a Protobuf message class name
     * @throws IllegalArgumentException naming the option when an option is missing or invalid
     */
    RecordDecoder<?> create(Map<String, String> options);
}
