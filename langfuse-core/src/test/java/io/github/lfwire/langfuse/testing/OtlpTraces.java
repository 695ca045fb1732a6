package io.github.lfwire.langfuse.testing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes OTLP trace export requests, in protobuf or OTLP/JSON, into
 * {@link ReceivedSpan}s.
 */
final class OtlpTraces {

	private static final HexFormat HEX = HexFormat.of();

	private static final Pattern LOWER_HEX = Pattern.compile("(?:[0-9a-f]{2})*");

	private OtlpTraces() {
	}

	/**
	 * The spans of one request with what is wrong with them.
	 *
	 * @param spans the decoded spans
	 * @param rejections problems that make the server reject the whole request
	 * @param violations problems that the server tolerates
	 */
	record Batch(List<ReceivedSpan> spans, List<String> rejections, List<String> violations) {
	}

	static ExportTraceServiceRequest parseProtobuf(byte[] body) throws InvalidProtocolBufferException {
		return ExportTraceServiceRequest.parseFrom(body);
	}

	static ExportTraceServiceRequest parseJson(byte[] body) {
		JsonNode root;
		try {
			root = JsonMapper.shared().readTree(body);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("body is not JSON: " + ex.getOriginalMessage(), ex);
		}
		if (!root.isObject()) {
			throw new IllegalArgumentException("body is not a JSON object");
		}
		ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
		for (JsonNode resourceSpans : root.path("resourceSpans")) {
			ResourceSpans.Builder resource = ResourceSpans.newBuilder()
				.setResource(Resource.newBuilder()
					.addAllAttributes(jsonAttributes(resourceSpans.path("resource").path("attributes"))));
			for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
				ScopeSpans.Builder scope = ScopeSpans.newBuilder()
					.setScope(InstrumentationScope.newBuilder()
						.setName(scopeSpans.path("scope").path("name").asString(""))
						.setVersion(scopeSpans.path("scope").path("version").asString("")));
				for (JsonNode span : scopeSpans.path("spans")) {
					scope.addSpans(jsonSpan(span));
				}
				resource.addScopeSpans(scope);
			}
			request.addResourceSpans(resource);
		}
		return request.build();
	}

	static Batch read(ExportTraceServiceRequest request) {
		List<ReceivedSpan> spans = new ArrayList<>();
		List<String> rejections = new ArrayList<>();
		List<String> violations = new ArrayList<>();
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			Map<String, Object> resourceAttributes = attributes(resourceSpans.getResource().getAttributesList());
			violations.addAll(SpanContract.checkResource(resourceAttributes));
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				for (Span span : scopeSpans.getSpansList()) {
					String label = "span " + hexOrEmpty(span.getSpanId()) + " '" + span.getName() + "'";
					if (!isValidId(span.getTraceId(), 16)) {
						rejections.add(label + ": trace id '" + hexOrEmpty(span.getTraceId())
								+ "' is not 32 lowercase hex characters, non-zero");
					}
					if (!isValidId(span.getSpanId(), 8)) {
						rejections.add(label + ": span id '" + hexOrEmpty(span.getSpanId())
								+ "' is not 16 lowercase hex characters, non-zero");
					}
					String parentSpanId = null;
					if (!span.getParentSpanId().isEmpty()) {
						if (isValidId(span.getParentSpanId(), 8)) {
							parentSpanId = HEX.formatHex(span.getParentSpanId().toByteArray());
						}
						else {
							violations.add(label + ": parent span id '" + hexOrEmpty(span.getParentSpanId())
									+ "' is neither empty nor 16 hex characters, non-zero; the span is taken as a root");
						}
					}
					ReceivedSpan received = new ReceivedSpan(HEX.formatHex(span.getTraceId().toByteArray()),
							HEX.formatHex(span.getSpanId().toByteArray()), parentSpanId, span.getName(),
							attributes(span.getAttributesList()), resourceAttributes, span.getStartTimeUnixNano(),
							span.getEndTimeUnixNano(), statusCode(span.getStatus()),
							span.getStatus().getMessage().isEmpty() ? null : span.getStatus().getMessage(),
							scopeSpans.getScope().getName(), scopeSpans.getScope().getVersion());
					spans.add(received);
					violations.addAll(SpanContract.check(received));
				}
			}
		}
		return new Batch(spans, rejections, violations);
	}

	private static boolean isValidId(ByteString id, int length) {
		if (id.size() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (id.byteAt(i) != 0) {
				return true;
			}
		}
		return false;
	}

	private static String hexOrEmpty(ByteString id) {
		return id.isEmpty() ? "" : HEX.formatHex(id.toByteArray());
	}

	private static String statusCode(Status status) {
		return switch (status.getCode()) {
			case STATUS_CODE_UNSET -> "UNSET";
			case STATUS_CODE_OK -> "OK";
			case STATUS_CODE_ERROR -> "ERROR";
			default -> "UNRECOGNIZED(" + status.getCodeValue() + ")";
		};
	}

	private static Map<String, Object> attributes(List<KeyValue> keyValues) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		for (KeyValue keyValue : keyValues) {
			attributes.put(keyValue.getKey(), value(keyValue.getValue()));
		}
		return attributes;
	}

	private static Object value(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case BOOL_VALUE -> value.getBoolValue();
			case INT_VALUE -> value.getIntValue();
			case DOUBLE_VALUE -> value.getDoubleValue();
			case ARRAY_VALUE -> {
				List<Object> values = new ArrayList<>();
				for (AnyValue element : value.getArrayValue().getValuesList()) {
					values.add(value(element));
				}
				yield Collections.unmodifiableList(values);
			}
			case KVLIST_VALUE -> Collections.unmodifiableMap(attributes(value.getKvlistValue().getValuesList()));
			case BYTES_VALUE -> value.getBytesValue().toByteArray();
			case VALUE_NOT_SET -> null;
		};
	}

	private static Span jsonSpan(JsonNode node) {
		String name = node.path("name").asString("");
		Span.Builder span = Span.newBuilder()
			.setTraceId(jsonId(node, "traceId", name))
			.setSpanId(jsonId(node, "spanId", name))
			.setParentSpanId(jsonId(node, "parentSpanId", name))
			.setName(name)
			.setStartTimeUnixNano(jsonUint64(node.path("startTimeUnixNano")))
			.setEndTimeUnixNano(jsonUint64(node.path("endTimeUnixNano")))
			.addAllAttributes(jsonAttributes(node.path("attributes")));
		JsonNode status = node.path("status");
		if (status.isObject()) {
			JsonNode code = status.path("code");
			Status.Builder builder = Status.newBuilder().setMessage(status.path("message").asString(""));
			if (code.isNumber()) {
				builder.setCodeValue(code.asInt());
			}
			else if (code.isString()) {
				builder.setCode(Status.StatusCode.valueOf(code.stringValue()));
			}
			span.setStatus(builder);
		}
		return span.build();
	}

	private static ByteString jsonId(JsonNode span, String field, String spanName) {
		JsonNode id = span.path(field);
		if (id.isMissingNode() || id.isNull()) {
			return ByteString.EMPTY;
		}
		if (!id.isString() || !LOWER_HEX.matcher(id.stringValue()).matches()) {
			throw new IllegalArgumentException("span '" + spanName + "': " + field + " " + id
					+ " is not a lowercase hex string (OTLP/JSON ids are hex, not base64)");
		}
		return ByteString.copyFrom(HEX.parseHex(id.stringValue()));
	}

	private static long jsonUint64(JsonNode node) {
		if (node.isString()) {
			return Long.parseUnsignedLong(node.stringValue());
		}
		return node.asLong(0);
	}

	private static List<KeyValue> jsonAttributes(JsonNode attributes) {
		List<KeyValue> keyValues = new ArrayList<>();
		for (JsonNode attribute : attributes) {
			keyValues.add(KeyValue.newBuilder()
				.setKey(attribute.path("key").asString(""))
				.setValue(jsonValue(attribute.path("value")))
				.build());
		}
		return keyValues;
	}

	private static AnyValue jsonValue(JsonNode node) {
		AnyValue.Builder value = AnyValue.newBuilder();
		if (node.has("stringValue")) {
			value.setStringValue(node.path("stringValue").asString());
		}
		else if (node.has("boolValue")) {
			value.setBoolValue(node.path("boolValue").asBoolean());
		}
		else if (node.has("intValue")) {
			JsonNode intValue = node.path("intValue");
			value.setIntValue(intValue.isString() ? Long.parseLong(intValue.stringValue()) : intValue.asLong());
		}
		else if (node.has("doubleValue")) {
			JsonNode doubleValue = node.path("doubleValue");
			value.setDoubleValue(
					doubleValue.isString() ? Double.parseDouble(doubleValue.stringValue()) : doubleValue.asDouble());
		}
		else if (node.has("arrayValue")) {
			ArrayValue.Builder array = ArrayValue.newBuilder();
			for (JsonNode element : node.path("arrayValue").path("values")) {
				array.addValues(jsonValue(element));
			}
			value.setArrayValue(array);
		}
		else if (node.has("kvlistValue")) {
			value.setKvlistValue(
					KeyValueList.newBuilder().addAllValues(jsonAttributes(node.path("kvlistValue").path("values"))));
		}
		else if (node.has("bytesValue")) {
			value.setBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(node.path("bytesValue").asString())));
		}
		return value.build();
	}

}
