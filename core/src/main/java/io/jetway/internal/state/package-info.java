/** Keyed stateful processors and the heap backend; no compatibility promise. */
package io.jetway.internal.state;
