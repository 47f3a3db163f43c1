/** Built-in record decoders and encoders, and the helpers that pick them by name. */
package io.jetway.codec;
