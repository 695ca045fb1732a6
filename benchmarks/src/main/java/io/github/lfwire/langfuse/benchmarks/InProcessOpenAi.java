package io.github.lfwire.langfuse.benchmarks;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import io.github.lfwire.sample.model.FakeOpenAiApi;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * An OkHttp interceptor that answers the OpenAI SDK's requests in process with the
 * sample's {@link FakeOpenAiApi}, on the calling thread and without calling the rest of
 * the chain, so no connection, socket or server thread is involved; everything above
 * OkHttp's network layer (the SDK's JSON, Spring AI's observations) runs as usual.
 */
public final class InProcessOpenAi implements Interceptor {

	private static final MediaType JSON = MediaType.get("application/json");

	private final FakeOpenAiApi api;

	private final AtomicLong requests = new AtomicLong();

	public InProcessOpenAi(FakeOpenAiApi api) {
		this.api = api;
	}

	/** Requests answered so far. */
	public long requests() {
		return this.requests.get();
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		Request request = chain.request();
		String path = request.url().encodedPath();
		byte[] body = requestBody(request);
		Response.Builder response = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1);
		if (path.endsWith(FakeOpenAiApi.CHAT_COMPLETIONS)) {
			return answered(response, this.api.chatCompletions(body));
		}
		if (path.endsWith(FakeOpenAiApi.EMBEDDINGS)) {
			return answered(response, this.api.embeddings(body));
		}
		return response.code(404)
			.message("Not Found")
			.body(ResponseBody.create("{\"error\":{\"message\":\"Unknown path " + path + "\"}}", JSON))
			.build();
	}

	private Response answered(Response.Builder response, byte[] body) {
		this.requests.incrementAndGet();
		return response.code(200).message("OK").body(ResponseBody.create(body, JSON)).build();
	}

	private static byte[] requestBody(Request request) throws IOException {
		if (request.body() == null) {
			return new byte[0];
		}
		Buffer buffer = new Buffer();
		request.body().writeTo(buffer);
		return buffer.readByteArray();
	}

}
