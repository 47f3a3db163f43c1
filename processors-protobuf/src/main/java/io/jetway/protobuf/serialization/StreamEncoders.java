package io.jetway.protobuf.serialization;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes messages into an {@link OutputStream} through one {@link CodedOutputStream} per thread, reused for
 * every message, so that serializing allocates nothing: the stream encoder stages up to
 * {@value #BUFFER_BYTES} bytes and hands them over in bulk writes (a large {@code bytes} field goes
 * straight through).
 * <p>
 * Hazelcast calls serializers from many threads (partition, operation, Jet and user threads), so the
 * encoder cannot live in the serializer; a serializer's {@code write} never re-enters itself on one
 * thread (writing a message calls no Hazelcast code), so one encoder per thread is enough.
 */
final class StreamEncoders {

    static final int BUFFER_BYTES = 4096;

    private static final ThreadLocal<StreamEncoders> PER_THREAD = ThreadLocal.withInitial(StreamEncoders::new);

    private final RetargetableOutputStream sink = new RetargetableOutputStream();
    private final CodedOutputStream encoder = CodedOutputStream.newInstance(sink, BUFFER_BYTES);

    private StreamEncoders() {
    }

    /** Writes {@code message}'s wire bytes to {@code out}; returns once they are all in {@code out}. */
    static void writeTo(Message message, OutputStream out) throws IOException {
        StreamEncoders local = PER_THREAD.get();
        local.sink.target = out;
        try {
            message.writeTo(local.encoder);
            local.encoder.flush();
        } catch (IOException | RuntimeException | Error e) {
            // The encoder may hold part of this message: never let it reach the next one.
            PER_THREAD.remove();
            throw e;
        } finally {
            local.sink.target = null;   // do not keep the caller's output (and its buffer) reachable
        }
    }

    /** An output stream that forwards to whatever target the current write set. */
    private static final class RetargetableOutputStream extends OutputStream {
        OutputStream target;

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            target.write(bytes, offset, length);
        }
    }
}
