package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A request to raise a mail address's send limit (the contract's {@code ServiceRequestMailSendLimitIncreasePayload}). */
public record MailSendLimitIncreasePayload(
        @JsonProperty("mailAddressId") String mailAddressId,
        @JsonProperty("rateLimitId") String rateLimitId) implements ServiceRequestPayload {
}
