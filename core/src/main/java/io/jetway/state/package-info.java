/** Keyed state: the update API of stateful processors, state backend configuration and the heap backend. */
package io.jetway.state;
