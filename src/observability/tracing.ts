/**
 * OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set:
 * src/main.ts imports this module dynamically, and before the rest of the
 * app, because an instrumentation patches `http` and `pg` as they are first
 * required. Without the variable none of this is loaded.
 *
 * Spans, exported over OTLP/HTTP (JSON) in batches:
 * - the HTTP server (Slack's requests to /slack/events; /healthz and
 *   /metrics are left out, a scraper would drown the rest),
 * - every pg query (parameterised SQL only, never the values),
 * - outgoing HTTP: fetch (undici), which the Slack WebClient and the
 *   Anthropic SDK use, and node:http,
 * - one span per model call, from the Anthropic SDK itself once a tracer
 *   provider is registered: `anthropic.messages.create` with the GenAI
 *   semantic-convention attributes (gen_ai.provider.name,
 *   gen_ai.operation.name, gen_ai.request.model, gen_ai.usage.input_tokens,
 *   gen_ai.usage.output_tokens, cache reads and writes). src/model/claude.ts
 *   pins its content mode to metadata only: never a prompt or a reply.
 *
 * The exporter also reads OTEL_EXPORTER_OTLP_HEADERS (a collector's API key,
 * say) and the OTEL_BSP_* batch settings itself, as the spec says.
 */
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; traces go to <endpoint>/v1/traces. */
  endpoint: string;
  serviceName?: string;
}

export interface Tracing {
  /** Exports what is still buffered, then stops; called once the bot has stopped. */
  shutdown(): Promise<void>;
}

/** Paths a probe or a scraper calls every few seconds: no span each time. */
const UNTRACED_PATHS = new Set(['/healthz', '/metrics']);

/**
 * Slack's response URLs (https://hooks.slack.com/actions/T…/…/<secret>, /commands/…) let whoever
 * holds one post in the channel for half an hour: their spans keep the host, not the path.
 */
const RESPONSE_URL_PATH = /^\/(actions|commands)\//;

export function withoutResponseUrl(request: { origin: string; path: string }): Record<string, string> {
  if (!RESPONSE_URL_PATH.test(request.path)) return {};
  return { 'url.full': `${request.origin}/[redacted]`, 'url.path': '/[redacted]', 'url.query': '' };
}

/** The signal path per the OTLP exporter spec: the base URL with `v1/traces` appended. */
export function tracesUrl(endpoint: string): string {
  return new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).href;
}

export function startTracing(options: TracingOptions): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName ?? 'deep-thoughts' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(options.endpoint) }))],
  });
  // The global provider: the instrumentations and the Anthropic SDK find it through @opentelemetry/api.
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
      }),
      new UndiciInstrumentation({ startSpanHook: withoutResponseUrl }),
      // Statements with placeholders only; the values (a person's words) stay out.
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  let stopped: Promise<void> | undefined;
  return {
    shutdown: () =>
      (stopped ??= (async () => {
        await provider.shutdown();
        unregister();
      })()),
  };
}
