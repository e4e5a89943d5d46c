package io.casecall.signaling.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a limit counts against. Tomcat's {@code RemoteIpValve} has already replaced the
 * socket's peer by the forwarded client where (and only where) the peer is a trusted proxy, so
 * {@link HttpServletRequest#getRemoteAddr()} is the one to use. An IPv6 client counts per /64:
 * one host usually holds a whole /64 and could otherwise rotate through it.
 */
final class ClientAddress {

	private ClientAddress() {
	}

	static String of(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		if (address == null || address.indexOf(':') < 0) {
			return String.valueOf(address);
		}
		try {
			// an IP literal: no name lookup happens
			byte[] bytes = InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1)
					: address).getAddress();
			if (bytes.length == 16) {
				return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
			}
			return InetAddress.getByAddress(bytes).getHostAddress();
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return address;
		}
	}

}
