package dev.parley.client.model;

/** The upload purposes {@code file().getFileUploadTypeRules} knows (a path parameter, never read). */
public enum FileUploadType {
    AVATAR("avatar"),
    EXTENSION_ASSET_IMAGE("extensionAssetImage"),
    EXTENSION_ASSET_VIDEO("extensionAssetVideo"),
    ANCHOR_ICON("anchorIcon"),
    CONVERSATION("conversation");

    private final String value;

    FileUploadType(String value) {
        this.value = value;
    }

    /** The value as the path carries it. */
    public String value() {
        return value;
    }
}
