package io.casecall.room.system;

import java.util.function.Supplier;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;

/** Runs Redis operations so that an unreachable or slow Redis becomes one typed, retryable error. */
public final class RedisGuard {

	private RedisGuard() {
	}

	/**
	 * Runs {@code operation}.
	 * @throws StoreUnavailableException when Redis cannot be reached or did not answer in time
	 */
	public static <T> T guarded(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (DataAccessResourceFailureException | QueryTimeoutException | RedisSystemException ex) {
			throw new StoreUnavailableException(ex);
		}
	}

}
