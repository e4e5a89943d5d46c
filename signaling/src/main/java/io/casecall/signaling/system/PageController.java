package io.casecall.signaling.system;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The call pages at the paths the join links use. The room token rides in the URL fragment
 * ({@code /join#token=...}), so it never reaches this controller or a log.
 */
@Controller
class PageController {

	/** The customer's page (invite link). */
	@GetMapping("/join")
	String join() {
		return "forward:/join.html";
	}

	/** The agent's page (agent join link). */
	@GetMapping("/agent")
	String agent() {
		return "forward:/agent.html";
	}

}
