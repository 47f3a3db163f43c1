package io.jetway.protobuf.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UninitializedMessageException;
import com.google.protobuf.UnsafeByteOperations;

import java.nio.ByteBuffer;

/**
 * Parses one message from a borrowed {@link ByteBuffer} view by the cheapest correct path for the kind
 * of buffer; the heart of the decoders in {@code io.jetway.protobuf.decode}, whose static
 * {@link #parse(Parser, CodedInputStream, String, String, int)} the stream serializer uses as well. One instance
 * per decoder, so per source processor: used by one thread at a time, which lets it keep a scratch array.
 *
 * <pre>
 *   buffer                         path                                              copies  aliases
 *   heap, writable (Kafka's case)  CodedInputStream over the backing array in place   none    bytes fields, if aliasing
 *   direct or read-only            one bulk copy into the reused scratch array        1       never
 * </pre>
 * protobuf-java 4.x has no in-place decoder for direct memory, and its
 * {@code CodedInputStream.newInstance(ByteBuffer)} copies such a buffer into a fresh array per call; the
 * scratch array saves that allocation. Its bytes are overwritten by the next record, so messages parsed
 * from it never alias it.
 * <p>
 * Not API: public only for the decode and serialization packages of this module; it may change in any release.
 */
public final class BufferParser<T extends Message> {

    /** Records larger than this are copied into a one-off array rather than growing the scratch array. */
    public static final int MAX_SCRATCH_BYTES = 1 << 20;
    private static final byte[] NO_BYTES = new byte[0];

    private final Parser<T> parser;
    private final String typeName;
    private final boolean aliasing;
    private byte[] scratch = NO_BYTES;

    public BufferParser(Parser<T> parser, String typeName, boolean aliasing) {
        this.parser = parser;
        this.typeName = typeName;
        this.aliasing = aliasing;
    }

    /**
     * Parses the bytes between {@code buffer}'s position and limit; the position and limit are not changed.
     *
     * @param what names the bytes in an error, e.g. "the record value"
     * @throws InvalidProtocolBufferException "cannot parse TYPE from WHAT (N bytes): REASON"
     */
    public T parse(ByteBuffer buffer, String what) throws InvalidProtocolBufferException {
        return parse(buffer, 0, what);
    }

    /**
     * Parses the bytes from {@code skip} bytes after {@code buffer}'s position to its limit, e.g. after a
     * schema registry's header; the position and limit are not changed and the skipped bytes are not read.
     *
     * @throws InvalidProtocolBufferException "cannot parse TYPE from WHAT (N bytes, the message after its K-byte
     *                                        schema-registry header): REASON", N being the whole part's size
     */
    public T parse(ByteBuffer buffer, int skip, String what) throws InvalidProtocolBufferException {
        final int start = buffer.position() + skip;
        final int length = buffer.limit() - start;
        final CodedInputStream input;
        if (buffer.hasArray()) {
            final int offset = buffer.arrayOffset() + start;
            if (aliasing) {
                // unsafeWrap marks the bytes immutable, which with enableAliasing lets bytes fields share them.
                // (The array form is what unsafeWrap(ByteBuffer) does with a heap buffer, minus its position.)
                input = UnsafeByteOperations.unsafeWrap(buffer.array(), offset, length).newCodedInput();
                input.enableAliasing(true);
            } else {
                input = CodedInputStream.newInstance(buffer.array(), offset, length);
            }
        } else {
            final byte[] copy = length <= MAX_SCRATCH_BYTES ? scratch(length) : new byte[length];
            buffer.get(start, copy, 0, length);                     // absolute bulk get: the view does not move
            input = CodedInputStream.newInstance(copy, 0, length);  // not immutable: bytes fields are copied out
        }
        return parse(parser, input, typeName, what, length, skip);
    }

    /** Parses a whole message from {@code input}, which holds exactly {@code length} bytes. */
    public static <M extends Message> M parse(Parser<M> parser, CodedInputStream input, String typeName,
                                              String what, int length) throws InvalidProtocolBufferException {
        return parse(parser, input, typeName, what, length, 0);
    }

    /** As above, for bytes that follow a {@code skipped}-byte schema-registry header (0: none), named in an error. */
    private static <M extends Message> M parse(Parser<M> parser, CodedInputStream input, String typeName, String what,
                                               int length, int skipped) throws InvalidProtocolBufferException {
        try {
            final M message = parser.parsePartialFrom(input);
            // Parser.parseFrom(CodedInputStream) does not check that the input ended cleanly; an end-group
            // tag at top level would otherwise pass as a shorter message.
            input.checkLastTagWas(0);
            if (!message.isInitialized()) {
                throw new UninitializedMessageException(message.findInitializationErrors())
                        .asInvalidProtocolBufferException();
            }
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw skipped == 0 ? failure(typeName, what, length, e)
                    : failure(typeName, what, length + skipped, ", the message after its " + skipped + "-byte schema-registry header", e);
        }
    }

    private static InvalidProtocolBufferException failure(String typeName, String what, int length, Exception cause) {
        return failure(typeName, what, length, "", cause);
    }

    /** "cannot parse TYPE from WHAT (LENGTH bytes[WHERE]): REASON"; LENGTH is the whole part's. */
    private static InvalidProtocolBufferException failure(String typeName, String what, int length, String where,
                                                          Exception cause) {
        InvalidProtocolBufferException e = new InvalidProtocolBufferException(
                "cannot parse " + typeName + " from " + what + " (" + length + " bytes" + where + "): "
                        + cause.getMessage());
        e.initCause(cause);
        return e;
    }

    private byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.min(MAX_SCRATCH_BYTES, Math.max(length, 2 * scratch.length))];
        }
        return scratch;
    }
}
