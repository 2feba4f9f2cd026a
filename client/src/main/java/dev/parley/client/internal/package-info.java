/**
 * The SDK's machinery (HTTP, JSON, retries, errors). Public only so that the operation groups in
 * {@code dev.parley.client} can use it; not part of the API and may change without notice.
 */
package dev.parley.client.internal;
