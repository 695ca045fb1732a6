// The official Langfuse JS SDK v5 on the payloads of the Java benchmarks' @Observe map rows.
//
// Usage: node bench.mjs <payload-dir> [--quick]
// <payload-dir> holds the JSON files the Java suite writes from MapPayloads (small.json, over50KB.json).
// Each file is parsed once into a JS object; an untraced echo(payload) and the same function wrapped by the
// SDK's observe() (input and output captured, as @Observe does on the Java side) are timed in alternating
// batches with process.hrtime.bigint(): the call alone (the added p50/p90/p99 subtract the untraced median), and
// the mean with the work the SDK leaves to the event loop (span processing, batching, export) drained after each
// batch, as the application's one thread pays it. Spans go through LangfuseSpanProcessor to an OTLP collector on
// 127.0.0.1 in a child process that answers 200, so no network is used. One JSON line per payload on stdout.

import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PUBLIC_KEY = "pk-lf-bench";
const SECRET_KEY = "sk-lf-bench";

if (process.argv[2] === "--collector") {
	collector();
}
else {
	await main(process.argv.slice(2));
}

/** The loopback OTLP collector: counts the spans of every request and answers 200. */
function collector() {
	let spans = 0;
	let requests = 0;
	let bytes = 0;
	const server = createServer((request, response) => {
		const chunks = [];
		request.on("data", (chunk) => chunks.push(chunk));
		request.on("end", () => {
			const body = Buffer.concat(chunks);
			requests++;
			bytes += body.length;
			try {
				for (const resource of JSON.parse(body.toString("utf8")).resourceSpans ?? []) {
					for (const scope of resource.scopeSpans ?? []) {
						spans += (scope.spans ?? []).length;
					}
				}
			}
			catch {
				// a body that is not OTLP JSON counts as a request without spans
			}
			response.writeHead(200, { "content-type": "application/json" });
			response.end("{}");
		});
	});
	server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
	process.on("message", (message) => {
		if (message === "counts") {
			process.send({ spans, requests, bytes });
		}
		else if (message === "stop") {
			server.close(() => process.exit(0));
		}
	});
}

async function main(args) {
	const directory = args.find((arg) => !arg.startsWith("--"));
	if (!directory) {
		console.error("Usage: node bench.mjs <payload-dir> [--quick]");
		process.exit(2);
	}
	const quick = args.includes("--quick");
	const payloads = [
		{ name: "small", file: "small.json", batch: 100, batches: quick ? 300 : 3000, warmupBatches: quick ? 200 : 2000 },
		{ name: "over50KB", file: "over50KB.json", batch: 4, batches: quick ? 300 : 3000, warmupBatches: quick ? 200 : 2000 }
	];
	const child = fork(fileURLToPath(import.meta.url), ["--collector"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
	const port = (await nextMessage(child)).port;

	const { NodeTracerProvider } = await import("@opentelemetry/sdk-trace-node");
	const { LangfuseSpanProcessor } = await import("@langfuse/otel");
	const { observe } = await import("@langfuse/tracing");
	const tracing = JSON.parse(readFileSync(new URL("./node_modules/@langfuse/tracing/package.json", import.meta.url)));
	const processor = new LangfuseSpanProcessor({
		publicKey: PUBLIC_KEY,
		secretKey: SECRET_KEY,
		baseUrl: `http://127.0.0.1:${port}`
	});
	const provider = new NodeTracerProvider({ spanProcessors: [processor] });
	provider.register();

	function echo(payload) {
		return payload;
	}
	const traced = observe(echo, { name: "echo" });

	for (const payload of payloads) {
		const text = readFileSync(join(directory, payload.file), "utf8");
		const value = JSON.parse(text);
		if (JSON.stringify(value) !== text) {
			throw new Error(`${payload.file} does not serialize back to the same bytes`);
		}
		const before = await counts(child, processor);
		const untracedSamples = [];
		const tracedSamples = [];
		const untracedWithLoop = [];
		const tracedWithLoop = [];
		const total = payload.warmupBatches + payload.batches;
		for (let i = 0; i < total; i++) {
			const measured = i >= payload.warmupBatches;
			// alternate the order so neither side always runs right after the other
			const order = (i % 2 === 0) ? [false, true] : [true, false];
			for (const withTracing of order) {
				const fn = withTracing ? traced : echo;
				const startNs = process.hrtime.bigint();
				for (let j = 0; j < payload.batch; j++) {
					if (fn(value) !== value) {
						throw new Error("echo returned another value");
					}
				}
				const calledNs = process.hrtime.bigint();
				// the SDK's per-span work queued as promises, its batching and its export run here, between batches
				await new Promise((resolve) => setImmediate(resolve));
				const drainedNs = process.hrtime.bigint();
				if (measured) {
					(withTracing ? tracedSamples : untracedSamples).push(Number(calledNs - startNs) / payload.batch);
					(withTracing ? tracedWithLoop : untracedWithLoop).push(Number(drainedNs - startNs) / payload.batch);
				}
			}
		}
		const after = await counts(child, processor);
		const tracedCalls = (payload.warmupBatches + payload.batches) * payload.batch;
		const untracedMedian = percentile(untracedSamples, 0.5);
		const line = {
			benchmark: "js-peer.observeMap",
			params: { payload: payload.name },
			metrics: {
				payloadBytes: Buffer.byteLength(text, "utf8"),
				untracedP50Ns: untracedMedian,
				tracedP50Ns: percentile(tracedSamples, 0.5),
				addedP50Ns: percentile(tracedSamples, 0.5) - untracedMedian,
				addedP90Ns: percentile(tracedSamples, 0.9) - untracedMedian,
				addedP99Ns: percentile(tracedSamples, 0.99) - untracedMedian,
				addedWithEventLoopMeanNs: mean(tracedWithLoop) - mean(untracedWithLoop),
				samples: tracedSamples.length,
				callsPerSample: payload.batch,
				started: tracedCalls,
				exported: after.spans - before.spans,
				dropped: tracedCalls - (after.spans - before.spans),
				requests: after.requests - before.requests
			},
			sdk: { "@langfuse/tracing": tracing.version, node: process.versions.node }
		};
		console.log(JSON.stringify(line));
	}
	await provider.shutdown();
	child.send("stop");
}

/** Flushes the SDK and returns what the collector received so far. */
async function counts(child, processor) {
	await processor.forceFlush();
	child.send("counts");
	return nextMessage(child);
}

function nextMessage(child) {
	return new Promise((resolve) => child.once("message", resolve));
}

function mean(samples) {
	return samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
}

function percentile(samples, fraction) {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}
