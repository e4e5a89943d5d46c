package io.casecall.signaling.evidence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** Picks the evidence store by {@code casecall.evidence.store}. */
@Configuration(proxyBeanMethods = false)
class EvidenceStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EvidenceStoreConfiguration.class);

	@Bean(destroyMethod = "")
	EvidenceStore evidenceStore(EvidenceProperties properties) {
		if (properties.store() == EvidenceProperties.Store.LOCAL) {
			log.info("Evidence is kept in the folder {}", properties.local().dir().toAbsolutePath());
			return new LocalEvidenceStore(properties.local().dir());
		}
		EvidenceProperties.S3 s3 = properties.s3();
		if (!StringUtils.hasText(s3.bucket())) {
			throw new IllegalStateException("casecall.evidence.store=s3 needs casecall.evidence.s3.bucket");
		}
		S3ClientBuilder builder = S3Client.builder()
			.httpClient(UrlConnectionHttpClient.create())
			.region(Region.of(s3.region()))
			.forcePathStyle(s3.pathStyle());
		if (s3.endpoint() != null) {
			builder.endpointOverride(s3.endpoint());
		}
		builder.credentialsProvider(StringUtils.hasText(s3.accessKeyId())
				? StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey()))
				: DefaultCredentialsProvider.builder().build());
		log.info("Evidence is kept in {}", s3);
		return new S3EvidenceStore(builder.build(), s3.bucket(), s3.prefix());
	}

}
