package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A request to move a site from another provider (the contract's {@code ServiceRequestRelocationPayload}). */
public record RelocationPayload(
        @JsonProperty("redirectusKey") Long redirectusKey,
        @JsonProperty("userId") String userId,
        @JsonProperty("contact") Contact contact,
        @JsonProperty("source") Source source,
        @JsonProperty("target") Target target,
        @JsonProperty("domain") Domains domain,
        @JsonProperty("email") Emails email,
        @JsonProperty("notes") String notes,
        @JsonProperty("preferredRelocationDate") Instant preferredRelocationDate) implements ServiceRequestPayload {

    public record Contact(
            @JsonProperty("firstname") String firstname,
            @JsonProperty("lastname") String lastname,
            @JsonProperty("email") String email,
            @JsonProperty("phone") String phone) {
    }

    public record Source(
            @JsonProperty("sourceAccount") String sourceAccount,
            @JsonProperty("providerName") String providerName,
            @JsonProperty("providerUrl") String providerUrl,
            @JsonProperty("providerUsername") String providerUsername,
            @JsonProperty("providerPassword") String providerPassword) {
    }

    public record Target(
            @JsonProperty("organisation") String organisation,
            @JsonProperty("accountShortId") String accountShortId,
            @JsonProperty("product") String product,
            @JsonProperty("articleType") String articleType,
            @JsonProperty("application") String application,
            @JsonProperty("prices") List<Price> prices,
            @JsonProperty("withDataCompare") Boolean withDataCompare) {

        public Target {
            prices = prices == null ? List.of() : List.copyOf(prices);
        }
    }

    public record Price(@JsonProperty("name") String name, @JsonProperty("price") BigDecimal price) {
    }

    public record Domains(
            @JsonProperty("allDomains") Boolean allDomains,
            @JsonProperty("domains") List<DomainEntry> domains) {

        public Domains {
            domains = domains == null ? List.of() : List.copyOf(domains);
        }
    }

    public record DomainEntry(@JsonProperty("domainName") String domainName, @JsonProperty("authCode") String authCode) {
    }

    public record Emails(@JsonProperty("emailInboxes") List<Inbox> emailInboxes) {
        public Emails {
            emailInboxes = emailInboxes == null ? List.of() : List.copyOf(emailInboxes);
        }
    }

    public record Inbox(@JsonProperty("email") String email, @JsonProperty("password") String password) {
    }
}
