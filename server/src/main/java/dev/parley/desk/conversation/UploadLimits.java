package dev.parley.desk.conversation;

import dev.parley.file.UploadRules;

/**
 * The upload rules as the forms carry them (data attributes desk.js checks before sending, and
 * the hint under the file input): the largest size and the accepted extensions and types.
 */
public record UploadLimits(long maxBytes, String accept, String extensions, int maxNameLength) {

    static UploadLimits of(UploadRules rules) {
        String extensions = String.join(",", rules.extensions());
        String accept = String.join(",", rules.extensions().stream().map(e -> e.startsWith(".") ? e : "." + e).toList());
        return new UploadLimits(rules.maxSizeInBytes(), accept, extensions, rules.maxNameLength());
    }

    public String maxMegabytes() {
        return String.valueOf(Math.max(1, maxBytes / (1024 * 1024)));
    }
}
