package dev.parley.client.error;

import java.net.http.HttpHeaders;

/** 401: no valid token (API token, upload token or file token). */
public class UnauthorizedException extends MittwaldApiException {
    public UnauthorizedException(String request, int status, ApiError error, HttpHeaders headers) {
        super(request, status, error, headers);
    }
}
