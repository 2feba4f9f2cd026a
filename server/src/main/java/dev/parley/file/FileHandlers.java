package dev.parley.file;

import dev.parley.api.Api;
import dev.parley.api.ApiError;

import java.util.List;

/** Attachments are not served yet: the file operations answer 501 in the contract's error shape. */
public final class FileHandlers {
    static final List<String> OPERATIONS = List.of(
            "conversation-request-file-upload",
            "conversation-get-file-access-token",
            "file-create-file",
            "file-get-file-meta",
            "file-get-file-upload-token-rules",
            "file-get-file-upload-type-rules",
            "file-get-file",
            "file-get-file-with-name");

    public void register(Api api) {
        for (String operation : OPERATIONS) {
            api.operation(operation, r -> {
                throw new ApiError(501, "NotImplemented", "Attachments are not available in this version of Parley");
            });
        }
    }
}
