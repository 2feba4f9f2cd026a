package dev.parley.client.error;

import java.net.http.HttpHeaders;

/** 404: the resource does not exist or the caller may not see it. */
public class NotFoundException extends MittwaldApiException {
    public NotFoundException(String request, int status, ApiError error, HttpHeaders headers) {
        super(request, status, error, headers);
    }
}
