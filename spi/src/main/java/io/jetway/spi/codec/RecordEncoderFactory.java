package io.jetway.spi.codec;

import io.jetway.spi.NamedService;

import java.util.Map;

/**
 * Creates {@link RecordEncoder}s by name, so that a job can pick an encoder in configuration. Register an
 * implementation in {@code META-INF/services/io.jetway.spi.codec.RecordEncoderFactory}.
 */
public interface RecordEncoderFactory extends NamedService {

    /**
     * Creates an encoder; called once per sink processor.
     *
     * @param options encoder-specific settings
     * @throws IllegalArgumentException naming the option when an option is missing or invalid
     */
    RecordEncoder<?> create(Map<String, String> options);
}
