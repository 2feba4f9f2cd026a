package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A conversation category and what its conversations may be related to. */
public record Category(
        @JsonProperty("categoryId") String categoryId,
        @JsonProperty("name") String name,
        @JsonProperty("referenceType") List<CategoryReferenceType> referenceType) {

    public Category {
        referenceType = referenceType == null ? List.of() : List.copyOf(referenceType);
    }
}
