/**
 * The state SPI: backends that keep the keyed state of Jetway processors and take part in Jet snapshots.
 */
package io.jetway.spi.state;
