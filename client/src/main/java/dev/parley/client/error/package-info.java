/**
 * What the SDK throws: {@link dev.parley.client.error.MittwaldException} is the root;
 * {@link dev.parley.client.error.MittwaldApiException} an error response (with the contract's
 * error body), one subclass per class of failure; {@link dev.parley.client.error.MittwaldConnectionException}
 * no response at all. All unchecked, so that they pass through {@code CompletableFuture}s unchanged.
 */
package dev.parley.client.error;
