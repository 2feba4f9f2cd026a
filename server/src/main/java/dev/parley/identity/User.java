package dev.parley.identity;

/** A person: a customer's user or an employee (support staff). */
public record User(String userId, String clearName, String avatarRefId, boolean active, boolean isEmployee) {
}
