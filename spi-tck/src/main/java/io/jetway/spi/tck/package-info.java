/**
 * Abstract JUnit 5 contract tests that a third-party state backend extends to prove it honours the SPI.
 */
package io.jetway.spi.tck;
