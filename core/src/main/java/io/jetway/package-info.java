/** Jetway public API: DAG factories, Pipeline adapters and their immutable configs. */
package io.jetway;
