package io.casecall.signaling.ratelimit;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTests {

	@Test
	void anIpv4ClientCountsByItsAddress() {
		assertThat(ClientAddress.of(from("203.0.113.7"))).isEqualTo("203.0.113.7");
	}

	@Test
	void anIpv6ClientCountsByItsSlash64() {
		String one = ClientAddress.of(from("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
		String other = ClientAddress.of(from("2001:db8:1:2::1"));
		String neighbour = ClientAddress.of(from("2001:db8:1:3::1"));

		assertThat(one).isEqualTo("20010db800010002::/64").isEqualTo(other);
		assertThat(neighbour).isNotEqualTo(one);
	}

	@Test
	void anIpv4MappedAddressCountsAsIpv4() {
		assertThat(ClientAddress.of(from("::ffff:203.0.113.7"))).isEqualTo("203.0.113.7");
	}

	private static MockHttpServletRequest from(String address) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(address);
		return request;
	}

}
