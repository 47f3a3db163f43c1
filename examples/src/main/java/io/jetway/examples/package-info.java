/**
 * Runnable examples: the README's main job.
 */
package io.jetway.examples;
