package io.casecall.signaling.evidence;

import java.util.List;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket reached through the S3 API (AWS SDK for Java v2): AWS itself or any S3-compatible
 * server. Objects are {@code <prefix><callId>/<evidenceId>}; a call is deleted by listing its
 * prefix and deleting what is there, page by page.
 */
class S3EvidenceStore implements EvidenceStore {

	private final S3Client s3;

	private final String bucket;

	private final String prefix;

	S3EvidenceStore(S3Client s3, String bucket, String prefix) {
		this.s3 = s3;
		this.bucket = bucket;
		this.prefix = (prefix != null) ? prefix : "";
	}

	@Override
	public void put(String callId, String evidenceId, byte[] bytes, String contentType) {
		try {
			this.s3.putObject((request) -> request.bucket(this.bucket)
				.key(key(callId, evidenceId))
				.contentType(contentType)
				.contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
		}
		catch (SdkException ex) {
			throw new EvidenceStoreException("The evidence bucket refused the photo", ex);
		}
	}

	@Override
	public byte[] get(String callId, String evidenceId) {
		try {
			return this.s3.getObjectAsBytes((request) -> request.bucket(this.bucket).key(key(callId, evidenceId)))
				.asByteArray();
		}
		catch (NoSuchKeyException ex) {
			return null;
		}
		catch (SdkException ex) {
			throw new EvidenceStoreException("The evidence bucket could not be read", ex);
		}
	}

	@Override
	public void delete(String callId, String evidenceId) {
		try {
			this.s3.deleteObject((request) -> request.bucket(this.bucket).key(key(callId, evidenceId)));
		}
		catch (SdkException ex) {
			throw new EvidenceStoreException("A photo could not be deleted from the bucket", ex);
		}
	}

	@Override
	public void deleteCall(String callId) {
		String callPrefix = this.prefix + callId + "/";
		try {
			String token = null;
			do {
				String continuation = token;
				ListObjectsV2Response page = this.s3.listObjectsV2((request) -> request.bucket(this.bucket)
					.prefix(callPrefix)
					.continuationToken(continuation));
				List<ObjectIdentifier> keys = page.contents()
					.stream()
					.map(S3Object::key)
					.map((key) -> ObjectIdentifier.builder().key(key).build())
					.toList();
				if (!keys.isEmpty()) {
					this.s3.deleteObjects((request) -> request.bucket(this.bucket)
						.delete(Delete.builder().objects(keys).quiet(true).build()));
				}
				token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
			}
			while (token != null);
		}
		catch (SdkException ex) {
			throw new EvidenceStoreException("The evidence of a call could not be deleted from the bucket", ex);
		}
	}

	private String key(String callId, String evidenceId) {
		return this.prefix + callId + "/" + evidenceId;
	}

}
