package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Roles of a customer or project whose members are notified about a conversation. */
public enum NotificationRole {
    @JsonProperty("customer_owner") CUSTOMER_OWNER,
    @JsonProperty("customer_accountant") CUSTOMER_ACCOUNTANT,
    @JsonProperty("customer_member") CUSTOMER_MEMBER,
    @JsonProperty("project_owner") PROJECT_OWNER,
    @JsonProperty("project_emailadmin") PROJECT_EMAILADMIN,
    @JsonProperty("project_external") PROJECT_EXTERNAL,
    /** A role this SDK does not know yet (sent by a newer server); never sent. */
    @JsonEnumDefaultValue UNKNOWN
}
