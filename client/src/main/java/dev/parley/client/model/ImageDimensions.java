package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The smallest and largest image an upload may be ({@code properties.imageDimensions} of upload rules). */
public record ImageDimensions(@JsonProperty("min") Size min, @JsonProperty("max") Size max) {

    public record Size(@JsonProperty("width") Long width, @JsonProperty("height") Long height) {
    }

    /** The {@code properties} object of upload rules. */
    public record Properties(@JsonProperty("imageDimensions") ImageDimensions imageDimensions) {
    }
}
