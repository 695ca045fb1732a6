package io.github.lfwire.langfuse.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake Langfuse server on 127.0.0.1 that enforces the wire contract, records what it
 * receives and misbehaves on demand.
 */
public final class FakeLangfuseServer implements AutoCloseable {

	/** The public key that {@link #start()} accepts. */
	public static final String PUBLIC_KEY = "pk-lf-test-1234";

	/** The secret key that {@link #start()} accepts. */
	public static final String SECRET_KEY = "sk-lf-test-secret-5678";

	/** The OTLP/HTTP traces endpoint. */
	public static final String TRACES_PATH = "/api/public/otel/v1/traces";

	/** The legacy ingestion endpoint, which only takes scores on a v4 server. */
	public static final String INGESTION_PATH = "/api/public/ingestion";

	/** The health endpoint. */
	public static final String HEALTH_PATH = "/api/public/health";

	/**
	 * The prompts endpoint: {@code GET /{name}} (name percent-encoded) and {@code POST}
	 * to create a version.
	 */
	public static final String PROMPTS_PATH = "/api/public/v2/prompts";

	/**
	 * The datasets endpoint: {@code POST} to create or update, {@code GET /{name}} (name
	 * percent-encoded).
	 */
	public static final String DATASETS_PATH = "/api/public/v2/datasets";

	/**
	 * The dataset items endpoint: {@code POST} to create or update, {@code GET} a page.
	 */
	public static final String DATASET_ITEMS_PATH = "/api/public/dataset-items";

	/** The endpoint that links a dataset item to a trace within a dataset run. */
	public static final String DATASET_RUN_ITEMS_PATH = "/api/public/dataset-run-items";

	/** The endpoint that lists the project of the keys. */
	public static final String PROJECTS_PATH = "/api/public/projects";

	/** The largest ingestion body the server takes (4.5 MB); larger ones get 413. */
	public static final int MAX_INGESTION_BODY_BYTES = 4_718_592;

	/**
	 * The health body answered unless {@link #setHealthResponse(int, String)} changed it.
	 */
	public static final String DEFAULT_HEALTH_BODY = "{\"status\":\"OK\",\"version\":\"4.16.0\"}";

	private static final InetAddress LOOPBACK = loopback();

	private static final byte[] GARBAGE = "\0\u00ff<html>not json, not protobuf{\""
		.getBytes(StandardCharsets.ISO_8859_1);

	private static final String PROTOBUF = "application/x-protobuf";

	private static final String JSON = "application/json";

	private static final int BIND_ATTEMPTS = 50;

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	private final String publicKey;

	private final String secretKey;

	private final ExecutorService executor;

	private final Object lock = new Object();

	private final List<ReceivedSpan> spans = new ArrayList<>();

	/** The key of every span stored, with the stop count when it was stored. */
	private final Map<String, Integer> spanKeys = new HashMap<>();

	private final List<ReceivedScore> scores = new ArrayList<>();

	private final List<String> violations = new ArrayList<>();

	private final List<RecordedRequest> requests = new ArrayList<>();

	private final Deque<FakeResponse> traceFaults = new ArrayDeque<>();

	private final Deque<FakeResponse> ingestionFaults = new ArrayDeque<>();

	private final FakeMediaStore mediaStore = new FakeMediaStore();

	private final Deque<FakeResponse> mediaFaults = new ArrayDeque<>();

	private final Deque<FakeResponse> uploadFaults = new ArrayDeque<>();

	private final Deque<FakeResponse> promptFaults = new ArrayDeque<>();

	private final FakePrompts prompts = new FakePrompts();

	private final FakeDatasets datasets = new FakeDatasets();

	private final Deque<FakeResponse> datasetFaults = new ArrayDeque<>();

	private final Deque<FakeResponse> runItemFaults = new ArrayDeque<>();

	private int promptRequests;

	private int traceRequests;

	private int ingestionRequests;

	private int healthRequests;

	private Duration responseDelay = Duration.ZERO;

	private volatile String tracesPath = TRACES_PATH;

	private volatile Map<String, String> collectorHeaders;

	private int healthStatus = 200;

	private String healthBody = DEFAULT_HEALTH_BODY;

	private final Object lifecycle = new Object();

	private final AtomicInteger generation = new AtomicInteger();

	/**
	 * Held while a request is processed and answered, so a stop never lands between
	 * storing and answering.
	 */
	private final ReentrantReadWriteLock answering = new ReentrantReadWriteLock();

	private HttpServer server;

	private volatile int port;

	private Socket reservation;

	private boolean closed;

	private FakeLangfuseServer(String publicKey, String secretKey) {
		this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
		this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
		this.executor = Executors.newCachedThreadPool(daemonThreads());
	}

	/**
	 * Starts a server on an ephemeral port that accepts {@link #PUBLIC_KEY} and
	 * {@link #SECRET_KEY}.
	 * @return the running server
	 */
	public static FakeLangfuseServer start() {
		return start(PUBLIC_KEY, SECRET_KEY);
	}

	/**
	 * Starts a server on an ephemeral port that accepts the given keys.
	 * @param publicKey the public key to accept
	 * @param secretKey the secret key to accept
	 * @return the running server
	 */
	public static FakeLangfuseServer start(String publicKey, String secretKey) {
		ScoreContract.load();
		FakeLangfuseServer fake = new FakeLangfuseServer(publicKey, secretKey);
		try {
			synchronized (fake.lifecycle) {
				fake.listen(0);
			}
		}
		catch (RuntimeException ex) {
			fake.executor.shutdownNow();
			throw ex;
		}
		return fake;
	}

	/**
	 * Returns the base URL to configure as the Langfuse host.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	/**
	 * Client settings that export to this server with its keys and a short flush
	 * interval, for tests to refine.
	 */
	public io.github.lfwire.langfuse.LangfuseConfig.Builder clientConfig() {
		return io.github.lfwire.langfuse.LangfuseConfig.builder()
			.host(baseUrl())
			.publicKey(this.publicKey)
			.secretKey(this.secretKey)
			.flushInterval(java.time.Duration.ofMillis(50));
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Returns the port, which stays the same across {@link #stop()} and
	 * {@link #restart()}.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns the accepted spans in arrival order.
	 * @return a snapshot of the spans
	 */
	public List<ReceivedSpan> spans() {
		synchronized (this.lock) {
			return List.copyOf(this.spans);
		}
	}

	/**
	 * Waits until at least {@code atLeast} spans were accepted.
	 * @param atLeast the number of spans to wait for
	 * @param timeout how long to wait
	 * @return a snapshot of the spans
	 * @throws AssertionError when fewer spans arrived in time
	 */
	public List<ReceivedSpan> awaitSpans(int atLeast, Duration timeout) {
		return await(this.spans, atLeast, timeout, "spans");
	}

	/**
	 * Returns the accepted spans by trace id, traces in the order their first span
	 * arrived.
	 * @return a snapshot of the traces
	 */
	public Map<String, List<ReceivedSpan>> traces() {
		Map<String, List<ReceivedSpan>> traces = new LinkedHashMap<>();
		SpanContract.byTrace(spans()).forEach((traceId, trace) -> traces.put(traceId, List.copyOf(trace)));
		return Collections.unmodifiableMap(traces);
	}

	/**
	 * Returns the stored scores in arrival order.
	 * @return a snapshot of the scores
	 */
	public List<ReceivedScore> scores() {
		synchronized (this.lock) {
			return List.copyOf(this.scores);
		}
	}

	/**
	 * Waits until at least {@code atLeast} scores were stored.
	 * @param atLeast the number of scores to wait for
	 * @param timeout how long to wait
	 * @return a snapshot of the scores
	 * @throws AssertionError when fewer scores arrived in time
	 */
	public List<ReceivedScore> awaitScores(int atLeast, Duration timeout) {
		return await(this.scores, atLeast, timeout, "scores");
	}

	/**
	 * Returns the contract violations found in single requests so far.
	 * @return a snapshot of the violations
	 */
	public List<String> violations() {
		synchronized (this.lock) {
			return List.copyOf(this.violations);
		}
	}

	/**
	 * Returns the spans whose parent was not received in their trace, and the traces
	 * without exactly one root.
	 * @return the violations, empty when every trace is well linked
	 */
	public List<String> parentLinkViolations() {
		return SpanContract.parentLinkViolations(spans());
	}

	/**
	 * Returns the trace-level attributes that some spans of a trace carry and others lack
	 * or carry with another value.
	 * @return the violations, empty when every trace is consistent
	 */
	public List<String> traceAttributeViolations() {
		return SpanContract.traceAttributeViolations(spans());
	}

	/**
	 * Fails when any request, parent link or trace attribute violated the contract.
	 * @throws AssertionError listing every violation
	 */
	public void assertContractRespected() {
		List<String> requestViolations = violations();
		List<String> parentLinks = parentLinkViolations();
		List<String> traceAttributes = traceAttributeViolations();
		List<String> experimentLinks = experimentLinkViolations();
		if (requestViolations.isEmpty() && parentLinks.isEmpty() && traceAttributes.isEmpty()
				&& experimentLinks.isEmpty()) {
			return;
		}
		StringBuilder message = new StringBuilder("The Langfuse wire contract was violated");
		appendSection(message, "request violations", requestViolations);
		appendSection(message, "parent link violations", parentLinks);
		appendSection(message, "trace attribute violations", traceAttributes);
		appendSection(message, "experiment link violations", experimentLinks);
		throw new AssertionError(message.toString());
	}

	/**
	 * Returns how many trace requests arrived, answered or not.
	 * @return the count
	 */
	public int traceRequests() {
		synchronized (this.lock) {
			return this.traceRequests;
		}
	}

	/**
	 * Returns how many ingestion requests arrived, answered or not.
	 * @return the count
	 */
	public int ingestionRequests() {
		synchronized (this.lock) {
			return this.ingestionRequests;
		}
	}

	/**
	 * Returns how many health requests arrived, answered or not.
	 * @return the count
	 */
	public int healthRequests() {
		synchronized (this.lock) {
			return this.healthRequests;
		}
	}

	/**
	 * Returns how many prompt requests (fetches and creations) arrived, answered or not.
	 * @return the count
	 */
	public int promptRequests() {
		synchronized (this.lock) {
			return this.promptRequests;
		}
	}

	/**
	 * Returns the prompts the server keeps, to seed and inspect them.
	 * @return the prompts
	 */
	public FakePrompts prompts() {
		return this.prompts;
	}

	/**
	 * Makes the next prompt requests get these answers in order; normal behaviour resumes
	 * after them.
	 * @param responses the answers
	 */
	public void enqueuePromptResponses(FakeResponse... responses) {
		enqueue(this.promptFaults, responses);
	}

	/**
	 * Returns the datasets, items and dataset run items the server keeps, to seed and
	 * inspect them.
	 * @return the datasets
	 */
	public FakeDatasets datasets() {
		return this.datasets;
	}

	/**
	 * Makes the next requests for datasets, dataset items and projects get these answers
	 * in order; normal behaviour resumes after them.
	 * @param responses the answers
	 */
	public void enqueueDatasetResponses(FakeResponse... responses) {
		enqueue(this.datasetFaults, responses);
	}

	/**
	 * Makes the next dataset run item (link) requests get these answers in order; normal
	 * behaviour resumes after them.
	 * @param responses the answers
	 */
	public void enqueueRunItemResponses(FakeResponse... responses) {
		enqueue(this.runItemFaults, responses);
	}

	/**
	 * Returns the experiment traces whose {@code langfuse.experiment.id} differs from the
	 * dataset run their item was linked to, or whose dataset item was never linked with
	 * that trace and root observation.
	 * @return the violations, empty when every experiment trace is linked to its run
	 */
	public List<String> experimentLinkViolations() {
		List<String> violations = new ArrayList<>();
		List<FakeDatasets.RunItem> links = this.datasets.runItems();
		traces().forEach((traceId, trace) -> {
			ReceivedSpan root = trace.stream()
				.filter((span) -> span.spanId().equals(span.attribute("langfuse.experiment.item.root_observation_id")))
				.findFirst()
				.orElse(null);
			if (root == null || root.attribute("langfuse.experiment.dataset.id") == null) {
				return;
			}
			String itemId = root.attribute("langfuse.experiment.item.id");
			List<FakeDatasets.RunItem> linked = links.stream()
				.filter((link) -> link.traceId().equals(traceId) && link.datasetItemId().equals(itemId))
				.toList();
			if (linked.size() != 1 || !linked.get(0).observationId().equals(root.spanId())) {
				violations.add("experiment trace " + traceId + " of item " + itemId + " has " + linked.size()
						+ " link(s) to its root observation " + root.spanId() + ", expected exactly one");
			}
			else if (!linked.get(0).datasetRunId().equals(root.attribute("langfuse.experiment.id"))) {
				violations.add("experiment trace " + traceId + " carries langfuse.experiment.id "
						+ root.attribute("langfuse.experiment.id") + " but its item is linked to dataset run "
						+ linked.get(0).datasetRunId() + ": the run is split");
			}
		});
		return violations;
	}

	/**
	 * Returns the requests that were answered or dropped, in that order.
	 * @return a snapshot of the requests
	 */
	public List<RecordedRequest> requests() {
		synchronized (this.lock) {
			return List.copyOf(this.requests);
		}
	}

	/**
	 * Makes the next trace requests get these answers in order; normal behaviour resumes
	 * after them.
	 * @param responses the answers
	 */
	public void enqueueTraceResponses(FakeResponse... responses) {
		enqueue(this.traceFaults, responses);
	}

	/**
	 * Makes the next ingestion requests get these answers in order; normal behaviour
	 * resumes after them.
	 * @param responses the answers
	 */
	public void enqueueIngestionResponses(FakeResponse... responses) {
		enqueue(this.ingestionFaults, responses);
	}

	/**
	 * Returns the media records, links and uploads received on the media endpoints.
	 * @return the media store
	 */
	public FakeMediaStore media() {
		return this.mediaStore;
	}

	/**
	 * Makes the next requests to {@code /api/public/media} (POST, PATCH, GET) get these
	 * answers in order.
	 * @param responses the answers
	 */
	public void enqueueMediaResponses(FakeResponse... responses) {
		enqueue(this.mediaFaults, responses);
	}

	/**
	 * Makes the next uploads to the presigned upload URLs get these answers in order.
	 * @param responses the answers
	 */
	public void enqueueUploadResponses(FakeResponse... responses) {
		enqueue(this.uploadFaults, responses);
	}

	/**
	 * Changes what the health endpoint answers.
	 * @param status the HTTP status
	 * @param body the body, JSON or not
	 */
	public void setHealthResponse(int status, String body) {
		synchronized (this.lock) {
			this.healthStatus = status;
			this.healthBody = Objects.requireNonNull(body, "body");
		}
	}

	/**
	 * Makes every request wait this long before it is answered.
	 * @param delay the delay, {@link Duration#ZERO} to answer at once
	 */
	public void setResponseDelay(Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative: " + delay);
		}
		synchronized (this.lock) {
			this.responseDelay = delay;
		}
	}

	/**
	 * Stands in for an OpenTelemetry Collector in front of Langfuse: spans are accepted
	 * at the given path instead of {@link #TRACES_PATH} (which then answers 404) and need
	 * the given headers instead of Basic auth, which the collector would add; every other
	 * endpoint stays Langfuse's, with Basic auth.
	 * @param path the OTLP traces path of the collector, such as {@code /v1/traces}
	 * @param requiredHeaders headers every traces request must carry with these exact
	 * values
	 */
	public void actAsCollector(String path, Map<String, String> requiredHeaders) {
		this.collectorHeaders = Map.copyOf(requiredHeaders);
		this.tracesPath = path;
	}

	/**
	 * Closes the listening socket and open connections, so that connections are refused
	 * until restarted.
	 */
	public void stop() {
		synchronized (this.lifecycle) {
			stopListening();
			reservePort();
		}
	}

	/**
	 * Listens again on the same port, keeping what was recorded. While stopped, the port
	 * stays bound to a socket that does not listen (connections are refused, and the OS
	 * gives the port to no outgoing connection), and the server binds again before that
	 * socket is released.
	 */
	public void restart() {
		synchronized (this.lifecycle) {
			if (this.closed) {
				throw new IllegalStateException("The fake Langfuse server is closed");
			}
			stopListening();
			if (this.reservation == null) {
				reservePort();
			}
			try {
				listen(this.port);
			}
			finally {
				releasePort();
			}
		}
	}

	private void reservePort() {
		Socket socket = new Socket();
		try {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(LOOPBACK, this.port));
			this.reservation = socket;
		}
		catch (IOException ex) {
			closeQuietly(socket);
		}
	}

	private void releasePort() {
		if (this.reservation != null) {
			closeQuietly(this.reservation);
			this.reservation = null;
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Nothing is left to release.
		}
	}

	/**
	 * Clears recorded data, counts, violations, enqueued faults, the response delay, the
	 * health response and the prompts.
	 */
	public void reset() {
		synchronized (this.lock) {
			this.spans.clear();
			this.spanKeys.clear();
			this.scores.clear();
			this.violations.clear();
			this.requests.clear();
			this.traceFaults.clear();
			this.ingestionFaults.clear();
			this.mediaFaults.clear();
			this.uploadFaults.clear();
			this.mediaStore.reset();
			this.promptFaults.clear();
			this.prompts.clear();
			this.datasets.clear();
			this.datasetFaults.clear();
			this.runItemFaults.clear();
			this.promptRequests = 0;
			this.traceRequests = 0;
			this.ingestionRequests = 0;
			this.healthRequests = 0;
			this.responseDelay = Duration.ZERO;
			this.healthStatus = 200;
			this.healthBody = DEFAULT_HEALTH_BODY;
		}
		this.tracesPath = TRACES_PATH;
		this.collectorHeaders = null;
	}

	/** Stops the server for good and releases its threads. */
	@Override
	public void close() {
		synchronized (this.lifecycle) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			stopListening();
			releasePort();
		}
		this.executor.shutdownNow();
	}

	@Override
	public String toString() {
		return "FakeLangfuseServer[" + baseUrl() + "]";
	}

	private void listen(int requestedPort) {
		IOException failure = null;
		for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
			HttpServer http = null;
			try {
				http = HttpServer.create();
				http.bind(new InetSocketAddress(LOOPBACK, requestedPort), 128);
				http.createContext("/", this::handle);
				http.setExecutor(this.executor);
				http.start();
				this.server = http;
				this.port = http.getAddress().getPort();
				return;
			}
			catch (BindException ex) {
				failure = ex;
				if (http != null) {
					http.stop(0);
				}
				releasePort();
				pause(Duration.ofMillis(100));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + requestedPort, ex);
			}
		}
		throw new UncheckedIOException(
				"Cannot listen on 127.0.0.1:" + requestedPort + " after " + BIND_ATTEMPTS + " attempts", failure);
	}

	private void stopListening() {
		if (this.server != null) {
			this.answering.writeLock().lock();
			try {
				this.generation.incrementAndGet();
			}
			finally {
				this.answering.writeLock().unlock();
			}
			this.server.stop(0);
			this.server = null;
		}
	}

	private void handle(HttpExchange exchange) {
		try {
			serve(exchange);
		}
		catch (IOException ex) {
			// The client went away or the server was stopped while answering.
		}
		catch (RuntimeException ex) {
			String failure = "fake Langfuse server failed on " + exchange.getRequestMethod() + " "
					+ exchange.getRequestURI() + ": " + ex;
			addViolations(List.of(failure));
			try {
				send(exchange, Answer.json(500, message(failure)));
			}
			catch (IOException | RuntimeException ignored) {
				// The response was already started; closing the exchange is all that is
				// left.
			}
		}
		finally {
			exchange.close();
		}
	}

	private void serve(HttpExchange exchange) throws IOException {
		int requestGeneration = this.generation.get();
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		Map<String, String> headers = headers(exchange.getRequestHeaders());
		Endpoint endpoint = Endpoint.of(path, this.tracesPath);
		FakeResponse fault;
		Duration delay;
		synchronized (this.lock) {
			fault = switch (endpoint) {
				case TRACES -> {
					this.traceRequests++;
					yield this.traceFaults.poll();
				}
				case INGESTION -> {
					this.ingestionRequests++;
					yield this.ingestionFaults.poll();
				}
				case HEALTH -> {
					this.healthRequests++;
					yield null;
				}
				case MEDIA -> this.mediaFaults.poll();
				case MEDIA_UPLOAD -> this.uploadFaults.poll();
				case PROMPTS -> {
					this.promptRequests++;
					yield this.promptFaults.poll();
				}
				case DATASETS, DATASET_ITEMS, PROJECTS -> this.datasetFaults.poll();
				case DATASET_RUN_ITEMS -> this.runItemFaults.poll();
				case UNKNOWN -> null;
			};
			delay = this.responseDelay.plus((fault != null) ? fault.delay() : Duration.ZERO);
		}
		byte[] body = exchange.getRequestBody().readAllBytes();
		if (!delay.isZero() && !pause(delay)) {
			return;
		}
		this.answering.readLock().lock();
		try {
			if (requestGeneration != this.generation.get()
					|| (fault != null && fault.kind() == FakeResponse.Kind.CONNECTION_RESET)) {
				record(method, path, headers, RecordedRequest.NO_ANSWER);
				return;
			}
			Answer answer;
			if (fault != null && !fault.processesRequest()) {
				answer = Answer.of(endpoint, fault);
			}
			else {
				answer = (endpoint == Endpoint.PROMPTS) ? prompts(method, exchange.getRequestURI(), headers, body)
						: endpoint.isDataset() ? datasets(endpoint, method, exchange.getRequestURI(), headers, body)
								: process(endpoint, method, path, headers, body);
				if (fault != null && fault.kind() == FakeResponse.Kind.MALFORMED_BODY) {
					answer = new Answer(fault.status(), answer.contentType(), GARBAGE, Map.of());
				}
			}
			record(method, path, headers, answer.status());
			send(exchange, answer);
		}
		finally {
			this.answering.readLock().unlock();
		}
	}

	private Answer process(Endpoint endpoint, String method, String path, Map<String, String> headers, byte[] body) {
		if (endpoint == Endpoint.UNKNOWN) {
			return Answer.json(404, message("Not found"));
		}
		if (endpoint == Endpoint.MEDIA || endpoint == Endpoint.MEDIA_UPLOAD) {
			return media(endpoint, method, path, headers, body);
		}
		if (!endpoint.method().equals(method)) {
			return Answer.json(405, message("Method not allowed, use " + endpoint.method()));
		}
		return switch (endpoint) {
			case TRACES -> traces(headers, body);
			case INGESTION -> ingestion(headers, body);
			case HEALTH -> health();
			case PROMPTS, MEDIA, MEDIA_UPLOAD, DATASETS, DATASET_ITEMS, DATASET_RUN_ITEMS, PROJECTS, UNKNOWN ->
				throw new IllegalStateException("No route");
		};
	}

	private Answer media(Endpoint endpoint, String method, String path, Map<String, String> headers, byte[] body) {
		FakeMediaStore.Reply reply;
		if (endpoint == Endpoint.MEDIA_UPLOAD) {
			if (!"PUT".equals(method)) {
				return Answer.json(405, message("Method not allowed, use PUT"));
			}
			reply = this.mediaStore.upload(path, headers, body);
			if (reply.status() == 400) {
				addViolations(List.of("media upload: " + reply.body()));
			}
			return new Answer(reply.status(), "application/xml", reply.bytes(), Map.of());
		}
		String route = "media request: ";
		Answer denied = authenticate(route, headers);
		if (denied != null) {
			return denied;
		}
		String id = path.startsWith(FakeMediaStore.MEDIA_PATH + "/")
				? path.substring(FakeMediaStore.MEDIA_PATH.length() + 1) : null;
		if (id == null && "POST".equals(method)) {
			reply = this.mediaStore.create(baseUrl(), body);
		}
		else if (id != null && "PATCH".equals(method)) {
			reply = this.mediaStore.patch(id, body);
		}
		else if (id != null && "GET".equals(method)) {
			reply = this.mediaStore.get(baseUrl(), id);
		}
		else {
			return Answer.json(405, message("Method not allowed on " + path));
		}
		if (reply.status() == 400) {
			addViolations(List.of(route + reply.body()));
		}
		return Answer.json(reply.status(), reply.body());
	}

	private Answer prompts(String method, java.net.URI uri, Map<String, String> headers, byte[] body) {
		String route = "prompts request: ";
		Answer denied = authenticate(route, headers);
		if (denied != null) {
			return denied;
		}
		String rest = uri.getRawPath().substring(PROMPTS_PATH.length());
		FakePrompts.Reply reply;
		if (rest.isEmpty() || rest.equals("/")) {
			if (!"POST".equals(method)) {
				return Answer.json(405, message("Method not allowed, use POST"));
			}
			try {
				reply = this.prompts.create(JsonMapper.shared().readTree(body));
			}
			catch (JacksonException ex) {
				return rejected(400, route, List.of("body is not JSON: " + ex.getOriginalMessage()));
			}
		}
		else {
			if (!"GET".equals(method)) {
				return Answer.json(405, message("Method not allowed, use GET"));
			}
			String encodedName = rest.substring(1);
			if (encodedName.contains("/")) {
				addViolations(List.of(route + "prompt name '" + encodedName
						+ "' is not percent-encoded: a folder '/' must be sent as %2F"));
				return Answer.json(404, message("Not found"));
			}
			Map<String, String> query = query(uri.getRawQuery());
			if (query.containsKey("label") && query.containsKey("version")) {
				addViolations(List.of(route + "both label and version were sent"));
			}
			reply = this.prompts.get(decodeComponent(encodedName), query.get("label"), query.get("version"));
		}
		return Answer.json(reply.status(), reply.body());
	}

	private Answer datasets(Endpoint endpoint, String method, java.net.URI uri, Map<String, String> headers,
			byte[] body) {
		String route = "datasets request: ";
		Answer denied = authenticate(route, headers);
		if (denied != null) {
			return denied;
		}
		String rest = uri.getRawPath().substring(endpoint.path().length());
		boolean post = "POST".equals(method);
		if (!post && !"GET".equals(method) || (post && !rest.isEmpty()) || (endpoint == Endpoint.PROJECTS && post)
				|| (endpoint == Endpoint.DATASET_RUN_ITEMS && !post)) {
			return Answer.json(405, message("Method not allowed on " + uri.getRawPath()));
		}
		JsonNode json = null;
		if (post) {
			try {
				json = JsonMapper.shared().readTree(body);
			}
			catch (JacksonException ex) {
				return rejected(400, route, List.of("body is not JSON: " + ex.getOriginalMessage()));
			}
		}
		List<String> problems = new ArrayList<>();
		FakeDatasets.Reply reply = switch (endpoint) {
			case PROJECTS -> this.datasets.projects();
			case DATASETS -> {
				if (post) {
					yield this.datasets.createDataset(json);
				}
				String encodedName = rest.startsWith("/") ? rest.substring(1) : rest;
				if (encodedName.isEmpty() || encodedName.contains("/")) {
					problems.add(route + "dataset name '" + encodedName
							+ "' is not percent-encoded whole: a '/' must be sent as %2F");
					yield new FakeDatasets.Reply(404, message("Not found"));
				}
				yield this.datasets.getDataset(decodeComponent(encodedName));
			}
			case DATASET_ITEMS ->
				post ? this.datasets.createItem(json) : this.datasets.listItems(query(uri.getRawQuery()), problems);
			case DATASET_RUN_ITEMS -> this.datasets.createRunItem(json, problems);
			default -> throw new IllegalStateException("No dataset route for " + endpoint);
		};
		addViolations(problems);
		return Answer.json(reply.status(), reply.body());
	}

	private static Map<String, String> query(String rawQuery) {
		Map<String, String> query = new LinkedHashMap<>();
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				int equals = pair.indexOf('=');
				query.put(decodeComponent((equals >= 0) ? pair.substring(0, equals) : pair),
						(equals >= 0) ? decodeComponent(pair.substring(equals + 1)) : "");
			}
		}
		return query;
	}

	private static String decodeComponent(String encoded) {
		return java.net.URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private Answer health() {
		synchronized (this.lock) {
			return Answer.text(this.healthStatus, this.healthBody);
		}
	}

	private Answer traces(Map<String, String> headers, byte[] body) {
		String route = "traces request: ";
		Map<String, String> required = this.collectorHeaders;
		Answer denied = (required != null) ? collectorCheck(route, headers, required) : authenticate(route, headers);
		if (denied != null) {
			return denied;
		}
		List<String> problems = new ArrayList<>();
		String version = headers.get("x-langfuse-ingestion-version");
		if (version == null) {
			problems.add("header x-langfuse-ingestion-version: 4 is missing");
		}
		else if (!"4".equals(version.trim())) {
			problems.add("header x-langfuse-ingestion-version is '" + version + "', expected '4'");
		}
		for (String header : List.of("x-langfuse-sdk-name", "x-langfuse-sdk-version")) {
			if (headers.getOrDefault(header, "").isBlank()) {
				problems.add("header " + header + " is missing");
			}
		}
		if (!problems.isEmpty()) {
			return rejected(400, route, problems);
		}
		String mediaType = mediaType(headers.get("content-type"));
		boolean json = JSON.equals(mediaType);
		if (!json && !PROTOBUF.equals(mediaType)) {
			return rejected(415, route, List.of("Content-Type is '" + headers.get("content-type") + "', expected "
					+ PROTOBUF + " (or " + JSON + " for OTLP/JSON)"));
		}
		byte[] payload;
		try {
			payload = decode(headers.get("content-encoding"), body);
		}
		catch (IOException | IllegalArgumentException ex) {
			return rejected(400, route, List.of(ex.getMessage()));
		}
		ExportTraceServiceRequest request;
		try {
			request = json ? OtlpTraces.parseJson(payload) : OtlpTraces.parseProtobuf(payload);
		}
		catch (InvalidProtocolBufferException | IllegalArgumentException ex) {
			return rejected(400, route, List.of("body is not a valid ExportTraceServiceRequest: " + ex.getMessage()));
		}
		OtlpTraces.Batch batch = OtlpTraces.read(request);
		if (!batch.rejections().isEmpty()) {
			return rejected(400, route + "whole request rejected, ", batch.rejections());
		}
		synchronized (this.lock) {
			for (ReceivedSpan span : batch.spans()) {
				Integer storedBefore = this.spanKeys.putIfAbsent(span.traceId() + "/" + span.spanId(),
						this.generation.get());
				if (storedBefore != null && storedBefore == this.generation.get()) {
					this.violations.add("span " + span.spanId() + " '" + span.name() + "' (trace " + span.traceId()
							+ ") was received more than once with no stop of the server in between (an answer a stop cut off may be re-sent); the server stores each export as a separate row");
				}
				this.spans.add(span);
			}
			this.violations.addAll(batch.violations());
			this.lock.notifyAll();
		}
		return json ? new Answer(200, JSON, "{}".getBytes(StandardCharsets.UTF_8), Map.of())
				: new Answer(200, PROTOBUF, ExportTraceServiceResponse.getDefaultInstance().toByteArray(), Map.of());
	}

	private Answer ingestion(Map<String, String> headers, byte[] body) {
		String route = "ingestion request: ";
		if (body.length > MAX_INGESTION_BODY_BYTES) {
			return rejected(413, route, List.of("body of " + body.length + " bytes is over the limit of "
					+ MAX_INGESTION_BODY_BYTES + " bytes (4.5 MB)"));
		}
		Answer denied = authenticate(route, headers);
		if (denied != null) {
			return denied;
		}
		String encoding = headers.get("content-encoding");
		if (encoding != null && !"identity".equalsIgnoreCase(encoding.trim())) {
			return rejected(400, route, List
				.of("Content-Encoding '" + encoding + "' is not supported on this endpoint; send uncompressed JSON"));
		}
		if (!JSON.equals(mediaType(headers.get("content-type")))) {
			return rejected(400, route,
					List.of("Content-Type is '" + headers.get("content-type") + "', expected " + JSON));
		}
		JsonNode root;
		try {
			root = JsonMapper.shared().readTree(body);
		}
		catch (JacksonException ex) {
			return rejected(400, route, List.of("body is not JSON: " + ex.getOriginalMessage()));
		}
		if (!root.path("batch").isArray()) {
			return rejected(400, route, List.of("body must be a JSON object with a \"batch\" array"));
		}
		ObjectNode response = JsonMapper.shared().createObjectNode();
		ArrayNode successes = response.putArray("successes");
		ArrayNode errors = response.putArray("errors");
		List<ReceivedScore> accepted = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (JsonNode event : root.path("batch")) {
			ScoreContract.Verdict verdict = ScoreContract.check(event);
			problems.addAll(verdict.violations());
			if (verdict.status() == 201) {
				successes.addObject().put("id", verdict.eventId()).put("status", 201);
			}
			else {
				errors.addObject()
					.put("id", verdict.eventId())
					.put("status", verdict.status())
					.put("message", verdict.message())
					.put("error", verdict.error());
			}
			if (verdict.store()) {
				accepted.add(new ReceivedScore(verdict.eventId(), toMap(event.path("body"))));
			}
		}
		synchronized (this.lock) {
			this.scores.addAll(accepted);
			this.violations.addAll(problems);
			this.lock.notifyAll();
		}
		return Answer.json(207, response.toString());
	}

	private Answer collectorCheck(String route, Map<String, String> headers, Map<String, String> required) {
		for (Map.Entry<String, String> header : required.entrySet()) {
			String value = headers.get(header.getKey().toLowerCase(Locale.ROOT));
			if (!header.getValue().equals(value)) {
				addViolations(List.of(route + "header " + header.getKey() + " is '" + value
						+ "', the collector expects '" + header.getValue() + "'"));
				return Answer.json(401, message("Unauthorized: collector header " + header.getKey() + " is wrong"));
			}
		}
		return null;
	}

	private Answer authenticate(String route, Map<String, String> headers) {
		String authorization = headers.get("authorization");
		if (authorization == null) {
			addViolations(List.of(route + "no Authorization header; send Basic base64(publicKey:secretKey)"));
			return Answer.json(401, message("Unauthorized: missing Authorization header"));
		}
		if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			addViolations(List.of(route + "Authorization scheme is not Basic (Bearer is refused)"));
			return Answer.json(401, message("Unauthorized: use Basic auth with the public and secret key"));
		}
		String expected = this.publicKey + ":" + this.secretKey;
		try {
			String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8);
			if (expected.equals(credentials)) {
				return null;
			}
		}
		catch (IllegalArgumentException ex) {
			addViolations(List.of(route + "Authorization Basic value is not base64"));
		}
		return Answer.json(401, message("Unauthorized: invalid public key or secret key"));
	}

	private Answer rejected(int status, String route, List<String> problems) {
		addViolations(problems.stream().map((problem) -> route + problem).toList());
		return Answer.json(status, message(String.join("; ", problems)));
	}

	private void addViolations(List<String> problems) {
		synchronized (this.lock) {
			this.violations.addAll(problems);
		}
	}

	private void record(String method, String path, Map<String, String> headers, int status) {
		synchronized (this.lock) {
			this.requests.add(new RecordedRequest(method, path, headers, status));
		}
	}

	private <T> List<T> await(List<T> recorded, int atLeast, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (recorded.size() < atLeast) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError("Expected at least " + atLeast + " " + what + " within " + timeout
							+ " but " + this + " has " + recorded.size() + "; " + this.traceRequests + " trace, "
							+ this.ingestionRequests + " ingestion requests; last requests: " + summary(this.requests)
							+ "; violations: " + this.violations);
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.lock, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for " + what, ex);
				}
			}
			return List.copyOf(recorded);
		}
	}

	private void enqueue(Deque<FakeResponse> queue, FakeResponse... responses) {
		synchronized (this.lock) {
			for (FakeResponse response : responses) {
				queue.add(Objects.requireNonNull(response, "response"));
			}
		}
	}

	private static String summary(List<RecordedRequest> requests) {
		List<String> lines = new ArrayList<>();
		for (RecordedRequest request : requests.subList(Math.max(0, requests.size() - 10), requests.size())) {
			lines.add(request.method() + " " + request.path() + " -> " + request.status());
		}
		return lines.toString();
	}

	private static void appendSection(StringBuilder message, String title, List<String> violations) {
		if (!violations.isEmpty()) {
			message.append("\n").append(title).append(" (").append(violations.size()).append("):");
			violations.forEach((violation) -> message.append("\n  - ").append(violation));
		}
	}

	private static byte[] decode(String encoding, byte[] body) throws IOException {
		if (encoding == null || encoding.isBlank() || "identity".equalsIgnoreCase(encoding.trim())) {
			return body;
		}
		if (!"gzip".equalsIgnoreCase(encoding.trim())) {
			throw new IllegalArgumentException("Content-Encoding '" + encoding + "' is not supported, use gzip");
		}
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IOException("Content-Encoding is gzip but the body is not valid gzip: " + ex.getMessage(), ex);
		}
	}

	private static String mediaType(String contentType) {
		if (contentType == null) {
			return "";
		}
		int parameters = contentType.indexOf(';');
		return ((parameters >= 0) ? contentType.substring(0, parameters) : contentType).trim().toLowerCase(Locale.ROOT);
	}

	private static Map<String, String> headers(Headers headers) {
		Map<String, String> lowercase = new LinkedHashMap<>();
		headers.forEach((name, values) -> lowercase.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
		return lowercase;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> toMap(JsonNode body) {
		return JsonMapper.shared().treeToValue(body, LinkedHashMap.class);
	}

	private static String message(String text) {
		return JsonMapper.shared().createObjectNode().put("message", text).toString();
	}

	private static void send(HttpExchange exchange, Answer answer) throws IOException {
		Headers responseHeaders = exchange.getResponseHeaders();
		if (answer.contentType() != null) {
			responseHeaders.set("Content-Type", answer.contentType());
		}
		answer.headers().forEach(responseHeaders::set);
		byte[] body = answer.body();
		exchange.sendResponseHeaders(answer.status(), (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static boolean pause(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static ThreadFactory daemonThreads() {
		int instance = INSTANCES.incrementAndGet();
		AtomicInteger threads = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "fake-langfuse-" + instance + "-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static InetAddress loopback() {
		try {
			return InetAddress.getByAddress("127.0.0.1", new byte[] { 127, 0, 0, 1 });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private enum Endpoint {

		TRACES("POST"), INGESTION("POST"), HEALTH("GET"), PROMPTS("GET, POST"), MEDIA(""), MEDIA_UPLOAD("PUT"),
		DATASETS("GET, POST"), DATASET_ITEMS("GET, POST"), DATASET_RUN_ITEMS("POST"), PROJECTS("GET"), UNKNOWN("");

		private final String method;

		Endpoint(String method) {
			this.method = method;
		}

		String method() {
			return this.method;
		}

		boolean isDataset() {
			return this == DATASETS || this == DATASET_ITEMS || this == DATASET_RUN_ITEMS || this == PROJECTS;
		}

		String path() {
			return switch (this) {
				case DATASETS -> DATASETS_PATH;
				case DATASET_ITEMS -> DATASET_ITEMS_PATH;
				case DATASET_RUN_ITEMS -> DATASET_RUN_ITEMS_PATH;
				case PROJECTS -> PROJECTS_PATH;
				default -> "";
			};
		}

		static Endpoint of(String path, String tracesPath) {
			if (path.equals(tracesPath)) {
				return TRACES;
			}
			return switch (path) {
				case TRACES_PATH -> UNKNOWN;
				case INGESTION_PATH -> INGESTION;
				case HEALTH_PATH -> HEALTH;
				case FakeMediaStore.MEDIA_PATH -> MEDIA;
				case DATASET_ITEMS_PATH -> DATASET_ITEMS;
				case DATASET_RUN_ITEMS_PATH -> DATASET_RUN_ITEMS;
				case PROJECTS_PATH -> PROJECTS;
				default -> (path.equals(DATASETS_PATH) || path.startsWith(DATASETS_PATH + "/")) ? DATASETS
						: (path.equals(PROMPTS_PATH) || path.startsWith(PROMPTS_PATH + "/")) ? PROMPTS
								: path.startsWith(FakeMediaStore.MEDIA_PATH + "/") ? MEDIA
										: path.startsWith(FakeMediaStore.UPLOAD_PATH) ? MEDIA_UPLOAD : UNKNOWN;
			};
		}

	}

	private record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

		static Answer json(int status, String body) {
			return new Answer(status, JSON, body.getBytes(StandardCharsets.UTF_8), Map.of());
		}

		static Answer text(int status, String body) {
			String trimmed = body.trim();
			boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
			return new Answer(status, json ? JSON : "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8),
					Map.of());
		}

		static Answer of(Endpoint endpoint, FakeResponse fault) {
			if (fault.body() != null) {
				return text(fault.status(), fault.body()).withHeaders(fault.headers());
			}
			boolean success = fault.status() >= 200 && fault.status() < 300;
			if (success && endpoint == Endpoint.TRACES) {
				return new Answer(fault.status(), PROTOBUF, new byte[0], fault.headers());
			}
			if (success && endpoint == Endpoint.INGESTION) {
				return json(fault.status(), "{\"successes\":[],\"errors\":[]}").withHeaders(fault.headers());
			}
			return json(fault.status(), message("Fake Langfuse server answered " + fault.status()))
				.withHeaders(fault.headers());
		}

		Answer withHeaders(Map<String, String> extra) {
			return new Answer(this.status, this.contentType, this.body, extra);
		}

	}

}
