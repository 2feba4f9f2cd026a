package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The {@code meta} of a {@link ServiceRequest}. The contract's {@code oneOf} has no
 * discriminator; the two shapes share no property, so the one present decides.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({
        @JsonSubTypes.Type(RelocationPayload.class),
        @JsonSubTypes.Type(MailSendLimitIncreasePayload.class)
})
public sealed interface ServiceRequestPayload permits RelocationPayload, MailSendLimitIncreasePayload {
}
