package io.github.lfwire.langfuse.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The media endpoints of {@link FakeLangfuseServer}, as CONTRACT.md section 7 describes
 * the server: {@code POST
 * /api/public/media} answers 201 with an upload URL on the fake itself (or {@code null}
 * when the same bytes of the same type were uploaded), the {@code PUT} to that URL checks
 * the content type, length and checksum header, {@code PATCH /api/public/media/{id}}
 * records the outcome and answers 200, and {@code GET /api/public/media/{id}} answers 404
 * until an upload succeeded.
 */
public final class FakeMediaStore {

	/** The path prefix of the fake's presigned upload URLs. */
	public static final String UPLOAD_PATH = "/fake-storage/";

	/** The media endpoint. */
	public static final String MEDIA_PATH = "/api/public/media";

	/** The content types the server accepts (OpenAPI {@code MediaContentType}). */
	public static final Set<String> CONTENT_TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/webp",
			"image/gif", "image/svg+xml", "image/tiff", "image/bmp", "image/avif", "image/heic", "audio/mpeg",
			"audio/mp3", "audio/wav", "audio/ogg", "audio/oga", "audio/aac", "audio/mp4", "audio/flac", "audio/opus",
			"audio/webm", "video/mp4", "video/webm", "video/ogg", "video/mpeg", "video/quicktime", "video/x-msvideo",
			"video/x-matroska", "text/plain", "text/html", "text/css", "text/csv", "text/markdown", "text/x-python",
			"application/javascript", "text/x-typescript", "application/x-yaml", "application/pdf",
			"application/msword", "application/vnd.ms-excel",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip", "application/json",
			"application/xml", "application/octet-stream",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			"application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/rtf",
			"application/x-ndjson", "application/vnd.apache.parquet", "application/gzip", "application/x-tar",
			"application/x-7z-compressed");

	private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

	private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

	private static final Set<String> FIELDS = Set.of("input", "output", "metadata");

	private static final long MAX_CONTENT_LENGTH = 1_000_000_000L;

	private final Map<String, StoredMedia> media = new LinkedHashMap<>();

	private final List<MediaLink> links = new ArrayList<>();

	private final List<String> violations = new ArrayList<>();

	private final Object lock = new Object();

	FakeMediaStore() {
	}

	/**
	 * One media record.
	 *
	 * @param mediaId the id derived from the hash
	 * @param contentType the content type
	 * @param contentLength the announced length
	 * @param sha256Hash the announced hash, standard base64
	 * @param bytes the uploaded bytes, or {@code null} before a successful upload
	 * @param uploadHttpStatus the status the client reported in its PATCH, or
	 * {@code null}
	 * @param uploadHttpError the error the client reported, or {@code null}
	 */
	public record StoredMedia(String mediaId, String contentType, long contentLength, String sha256Hash, byte[] bytes,
			Integer uploadHttpStatus, String uploadHttpError) {

		/**
		 * Whether the bytes were stored and the client reported a 2xx upload, so GET
		 * finds it.
		 */
		public boolean uploaded() {
			return this.bytes != null && this.uploadHttpStatus != null && this.uploadHttpStatus / 100 == 2;
		}

	}

	/**
	 * One {@code POST /api/public/media}: the media linked to a trace, an observation and
	 * a field.
	 *
	 * @param mediaId the media id
	 * @param traceId the trace id
	 * @param observationId the observation id, or {@code null}
	 * @param field {@code input}, {@code output} or {@code metadata}
	 * @param uploadUrlGiven whether the answer carried an upload URL
	 */
	public record MediaLink(String mediaId, String traceId, String observationId, String field,
			boolean uploadUrlGiven) {
	}

	/** The media id of the given content, as the server derives it. */
	public static String mediaId(byte[] content) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(content)).substring(0, 22);
	}

	/** The reference string a client writes for the content. */
	public static String reference(String contentType, byte[] content, String source) {
		return "@@@langfuseMedia:type=" + contentType + "|id=" + mediaId(content) + "|source=" + source + "@@@";
	}

	/** The media records by id. */
	public Map<String, StoredMedia> media() {
		synchronized (this.lock) {
			return Map.copyOf(this.media);
		}
	}

	/** The links made by POST requests, in order. */
	public List<MediaLink> links() {
		synchronized (this.lock) {
			return List.copyOf(this.links);
		}
	}

	/** Contract violations found in media requests. */
	public List<String> violations() {
		synchronized (this.lock) {
			return List.copyOf(this.violations);
		}
	}

	/**
	 * Stores content as already uploaded, so a POST for the same bytes and type answers a
	 * {@code null} URL.
	 */
	public void preload(byte[] content, String contentType) {
		String hash = Base64.getEncoder().encodeToString(sha256(content));
		synchronized (this.lock) {
			this.media.put(mediaId(content),
					new StoredMedia(mediaId(content), contentType, content.length, hash, content.clone(), 200, null));
		}
	}

	/** Waits until at least {@code atLeast} media were uploaded and reported. */
	public List<StoredMedia> awaitUploaded(int atLeast, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (true) {
				List<StoredMedia> uploaded = this.media.values().stream().filter(StoredMedia::uploaded).toList();
				if (uploaded.size() >= atLeast) {
					return uploaded;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError("Expected " + atLeast + " uploaded media within " + timeout + " but have "
							+ uploaded.size() + "; records " + this.media.keySet() + "; violations " + this.violations);
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.lock, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	void reset() {
		synchronized (this.lock) {
			this.media.clear();
			this.links.clear();
			this.violations.clear();
		}
	}

	/** Answers {@code POST /api/public/media}. */
	Reply create(String baseUrl, byte[] body) {
		JsonNode request;
		try {
			request = JsonMapper.shared().readTree(body);
		}
		catch (JacksonException ex) {
			return invalid("body is not JSON");
		}
		List<String> problems = new ArrayList<>();
		String traceId = text(request, "traceId");
		if (traceId == null || !TRACE_ID.matcher(traceId).matches()) {
			problems.add("traceId '" + traceId + "' is not 32 lowercase hex characters");
		}
		String observationId = text(request, "observationId");
		if (observationId != null && !SPAN_ID.matcher(observationId).matches()) {
			problems.add("observationId '" + observationId + "' is not 16 lowercase hex characters");
		}
		String field = text(request, "field");
		if (!FIELDS.contains(field)) {
			problems.add("field '" + field + "' is not input, output or metadata");
		}
		String contentType = text(request, "contentType");
		if (!CONTENT_TYPES.contains(contentType)) {
			problems.add("contentType '" + contentType + "' is not a supported media type");
		}
		JsonNode length = request.path("contentLength");
		if (!length.isIntegralNumber() || length.asLong() <= 0 || length.asLong() > MAX_CONTENT_LENGTH) {
			problems.add("contentLength " + length + " is not an integer from 1 to " + MAX_CONTENT_LENGTH);
		}
		String hash = text(request, "sha256Hash");
		byte[] digest = null;
		try {
			digest = (hash != null && hash.length() == 44) ? Base64.getDecoder().decode(hash) : null;
		}
		catch (IllegalArgumentException ex) {
			digest = null;
		}
		if (digest == null || digest.length != 32) {
			problems.add("sha256Hash '" + hash + "' is not the standard base64 of a 32-byte SHA-256 digest");
		}
		if (!problems.isEmpty()) {
			return invalid(String.join("; ", problems));
		}
		String mediaId = Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
		String uploadUrl;
		synchronized (this.lock) {
			StoredMedia existing = this.media.get(mediaId);
			boolean present = existing != null && existing.uploaded() && existing.contentType().equals(contentType);
			if (!present) {
				this.media.put(mediaId, new StoredMedia(mediaId, contentType, length.asLong(), hash, null, null, null));
			}
			uploadUrl = present ? null : baseUrl + UPLOAD_PATH + mediaId + "?X-Amz-Signature=fake";
			this.links.add(new MediaLink(mediaId, traceId, observationId, field, uploadUrl != null));
			this.lock.notifyAll();
		}
		ObjectNode answer = JsonMapper.shared().createObjectNode().put("mediaId", mediaId).put("uploadUrl", uploadUrl);
		return new Reply(201, answer.toString());
	}

	/** Answers the {@code PUT} to an upload URL. */
	Reply upload(String path, Map<String, String> headers, byte[] body) {
		String mediaId = path.substring(UPLOAD_PATH.length());
		List<String> problems = new ArrayList<>();
		if (headers.containsKey("authorization")) {
			problems.add(
					"the upload to storage carried an Authorization header: the project's keys must never go to storage");
		}
		synchronized (this.lock) {
			StoredMedia record = this.media.get(mediaId);
			if (record == null) {
				return invalid("upload: no media record " + mediaId);
			}
			if (!record.contentType().equals(headers.get("content-type"))) {
				problems.add("upload Content-Type '" + headers.get("content-type") + "' differs from the announced '"
						+ record.contentType() + "'");
			}
			if (!record.sha256Hash().equals(headers.get("x-amz-checksum-sha256"))) {
				problems.add("upload x-amz-checksum-sha256 '" + headers.get("x-amz-checksum-sha256")
						+ "' differs from the announced hash");
			}
			if (body.length != record.contentLength()) {
				problems.add("upload of " + body.length + " bytes, " + record.contentLength() + " announced");
			}
			if (!Base64.getEncoder().encodeToString(sha256(body)).equals(record.sha256Hash())) {
				problems.add("uploaded bytes do not match the announced SHA-256");
			}
			if (!problems.isEmpty()) {
				this.violations.addAll(problems);
				return new Reply(400,
						"<Error><Code>BadDigest</Code><Message>" + String.join("; ", problems) + "</Message></Error>");
			}
			this.media.put(mediaId, new StoredMedia(mediaId, record.contentType(), record.contentLength(),
					record.sha256Hash(), body, record.uploadHttpStatus(), record.uploadHttpError()));
			this.lock.notifyAll();
		}
		return new Reply(200, "");
	}

	/** Answers {@code PATCH /api/public/media/{id}}. */
	Reply patch(String mediaId, byte[] body) {
		JsonNode request;
		try {
			request = JsonMapper.shared().readTree(body);
		}
		catch (JacksonException ex) {
			return invalid("PATCH body is not JSON");
		}
		List<String> problems = new ArrayList<>();
		String uploadedAt = text(request, "uploadedAt");
		try {
			Instant.parse(String.valueOf(uploadedAt));
		}
		catch (DateTimeParseException ex) {
			problems.add("uploadedAt '" + uploadedAt + "' is not an ISO-8601 instant");
		}
		if (!request.path("uploadHttpStatus").isIntegralNumber()) {
			problems.add("uploadHttpStatus is missing or not an integer");
		}
		if (!problems.isEmpty()) {
			return invalid(String.join("; ", problems));
		}
		synchronized (this.lock) {
			StoredMedia record = this.media.get(mediaId);
			if (record == null) {
				return new Reply(404, message("Media not found"));
			}
			this.media.put(mediaId,
					new StoredMedia(mediaId, record.contentType(), record.contentLength(), record.sha256Hash(),
							record.bytes(), request.path("uploadHttpStatus").asInt(),
							text(request, "uploadHttpError")));
			this.lock.notifyAll();
		}
		return new Reply(200, message("OK"));
	}

	/** Answers {@code GET /api/public/media/{id}}. */
	Reply get(String baseUrl, String mediaId) {
		synchronized (this.lock) {
			StoredMedia record = this.media.get(mediaId);
			if (record == null || !record.uploaded()) {
				return new Reply(404, message("Media not found"));
			}
			ObjectNode answer = JsonMapper.shared()
				.createObjectNode()
				.put("mediaId", mediaId)
				.put("contentType", record.contentType())
				.put("contentLength", record.contentLength())
				.put("uploadedAt", Instant.now().toString())
				.put("url", baseUrl + UPLOAD_PATH + mediaId + "?X-Amz-Signature=read")
				.put("urlExpiry", Instant.now().plusSeconds(3600).toString());
			return new Reply(200, answer.toString());
		}
	}

	private Reply invalid(String problem) {
		synchronized (this.lock) {
			this.violations.add("media request: " + problem);
		}
		return new Reply(400, message(problem));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : null;
	}

	private static String message(String text) {
		return JsonMapper.shared().createObjectNode().put("message", text).toString();
	}

	private static byte[] sha256(byte[] content) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(content);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A status and a body. */
	record Reply(int status, String body) {

		byte[] bytes() {
			return this.body.getBytes(StandardCharsets.UTF_8);
		}

	}

}
