/** Built-in record decoders and the helpers that pick decoders by name. */
package io.jetway.codec;
