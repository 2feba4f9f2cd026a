package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Parley extension: the tabs of the staff queue (definitions in Parley's /openapi.json). */
public enum QueueTab {
    WAITING_FOR_US("waitingForUs"),
    IN_PROGRESS("inProgress"),
    WAITING_FOR_CUSTOMER("waitingForCustomer"),
    ANSWERED("answered"),
    CLOSED("closed");

    private final String value;

    QueueTab(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
