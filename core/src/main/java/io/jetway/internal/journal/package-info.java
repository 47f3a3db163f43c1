/** Encoders that turn IMap and ICache event-journal changes into Kafka records (internal). */
package io.jetway.internal.journal;
