package io.casecall.signaling;

import io.casecall.room.system.RoomServiceConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * CaseCall: the signaling node, embedding the room service. Spring Security is there for its
 * response headers only, so it gets no user store (and prints no generated password).
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
@Import(RoomServiceConfiguration.class)
public class CaseCallApplication {

	public static void main(String[] args) {
		SpringApplication.run(CaseCallApplication.class, args);
	}

}
