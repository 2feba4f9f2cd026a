package dev.parley.client.error;

import java.net.http.HttpHeaders;

/** 403: the caller sees the resource but may not do this. */
public class ForbiddenException extends MittwaldApiException {
    public ForbiddenException(String request, int status, ApiError error, HttpHeaders headers) {
        super(request, status, error, headers);
    }
}
