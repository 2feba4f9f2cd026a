package dev.parley.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * {@code serve}'s address, checked before anything else starts: the port's range, then one bind
 * of the address (released at once) so that a port in use or an address this machine does not
 * have is said in one line within milliseconds, not after the store was opened and every feature
 * installed. Jetty binds the same way (address reuse on), so what passes here binds there, short
 * of a race with another process.
 */
final class ListenCheck {
    private ListenCheck() {
    }

    /** {@code option}: the option that named the port ({@code --port}, {@code --metrics-port}), for the message. */
    static void requireValidPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " must be 0–65535 (0 picks a free port), not " + port);
        }
    }

    static void requireFree(String option, String host, int port) {
        requireValidPort(option, port);
        String where = "port " + port + " on " + host;
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " is not an address or a known host name");
        }
        if (port == 0) {
            return; // any free port will do
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (reason.contains("in use")) {
                throw new IllegalStateException(where + " is in use: another program listens there "
                        + "(choose another with " + option + ")");
            }
            if (reason.contains("permission denied") || reason.contains("access")) {
                throw new IllegalStateException("cannot listen on " + where + ": permission denied"
                        + (port < 1024 ? " (ports below 1024 need privileges; use a higher port behind a proxy)" : ""));
            }
            if (reason.contains("assign")) {
                throw new IllegalStateException("cannot listen on " + where + ": this machine has no such address (--host)");
            }
            throw new IllegalStateException("cannot listen on " + where + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + where + ": " + e.getMessage());
        }
    }
}
