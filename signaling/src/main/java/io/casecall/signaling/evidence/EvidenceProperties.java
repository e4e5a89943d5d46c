package io.casecall.signaling.evidence;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Evidence settings ({@code casecall.evidence.*}): where photos taken in a call are kept and what
 * an upload may be.
 *
 * @param store {@code local} (a folder, the default for {@code ./dev up}) or {@code s3}
 * @param maxSize the largest photo accepted; a larger upload is refused with 413
 * {@code payload_too_large} and nothing is stored
 * @param maxPerCall the most photos one call keeps; more are refused with 409
 * {@code evidence_limit_reached}
 * @param requestInterval an agent's {@code photo_request} is refused with {@code rate_limited}
 * when the call's previous request is younger than this
 * @param requestTtl how long a customer's upload can answer a photo request
 * @param countdown seconds the customer's page counts down before it takes a requested photo
 * @param sweepInterval how often the stored bytes of calls whose records expired are deleted
 * @param local the local-folder store
 * @param s3 the S3 store
 */
@Validated
@ConfigurationProperties("casecall.evidence")
public record EvidenceProperties(@DefaultValue("local") @NotNull Store store,
		@DefaultValue("10MB") @NotNull DataSize maxSize, @DefaultValue("50") @Min(1) @Max(1000) int maxPerCall,
		@DefaultValue("5s") @NotNull Duration requestInterval,
		@DefaultValue("2m") @NotNull @DurationMin(seconds = 10) Duration requestTtl,
		@DefaultValue("3") @Min(0) @Max(10) int countdown,
		@DefaultValue("1m") @NotNull @DurationMin(millis = 100) Duration sweepInterval,
		@DefaultValue @Valid Local local, @DefaultValue @Valid S3 s3) {

	public enum Store {

		LOCAL, S3

	}

	/** @param dir the folder (created 0700; files 0600) */
	public record Local(@DefaultValue(".casecall/evidence") @NotNull Path dir) {
	}

	/**
	 * @param bucket the bucket (must exist)
	 * @param region the bucket's region
	 * @param endpoint an S3-compatible endpoint (MinIO, Ceph, s3proxy); empty for AWS
	 * @param pathStyle path-style addressing ({@code endpoint/bucket/key}), which most
	 * S3-compatible servers need
	 * @param prefix key prefix inside the bucket
	 * @param accessKeyId, secretAccessKey static credentials; empty: the AWS default chain
	 * (environment, profile, instance role)
	 */
	public record S3(String bucket, @DefaultValue("us-east-1") String region, URI endpoint,
			@DefaultValue("false") boolean pathStyle, @DefaultValue("evidence/") String prefix, String accessKeyId,
			String secretAccessKey) {

		@Override
		public String toString() {
			return "S3[bucket=" + this.bucket + ", region=" + this.region + ", endpoint=" + this.endpoint + "]";
		}

	}

}
