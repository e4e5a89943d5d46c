package io.casecall.signaling.ops;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The ops dashboard page. It asks for the ops key itself; its data comes from {@link OpsController}. */
@Controller
class OpsPageController {

	@GetMapping("/ops")
	String page() {
		return "forward:/ops.html";
	}

}
