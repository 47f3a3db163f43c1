/**
 * Jetway extension points: state backends and record codecs, discovered with java.util.ServiceLoader.
 */
package io.jetway.spi;
