package io.jetway.protobuf.decode;

/** What a Protobuf decoder does when the bytes it decodes are {@code null} (a tombstone, or a record without a key). */
public enum NullPolicy {

    /** Return {@code null}: the source filters the record out. The default. */
    FILTER,

    /** Throw: the job fails naming the record, or the record goes to the dead-letter topic when there is one. */
    FAIL,

    /** Return the message with every field unset, as if the bytes were empty. */
    EMPTY_MESSAGE
}
