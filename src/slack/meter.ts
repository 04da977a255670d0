import type { FetchFunction } from '@slack/web-api';

type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/**
 * What the Slack side counts for the operator's /metrics
 * (src/observability/metrics.ts implements both by shape).
 */
export interface SlackMeter {
  /** One Web API request (each retry is one). */
  slackCall(method: string): void;
  /** It failed: Slack's error code (`ok: false`), `http_<status>`, or `network`. */
  slackError(method: string, error: string): void;
  /** It was answered 429. */
  slackRateLimit(method: string): void;
}

export interface ReplyMeter {
  /** The coach's answer went out; `seconds` since the person's message reached the bot, when known. */
  replied(kind: string, seconds?: number): void;
}

const NOT_OK = /"ok"\s*:\s*false/;

/** Slack's error code as a label: a snake_case word, else `unknown` (never free text). */
function errorLabel(body: unknown): string {
  const error = (body as { error?: unknown } | null)?.error;
  return typeof error === 'string' && /^[a-z0-9_]{1,64}$/.test(error) ? error : 'unknown';
}

/**
 * The WebClient's fetch (its `fetch` option), counting every request by
 * method: its errors and its 429s. It sees each retry the client makes, so a
 * call that Slack rate-limits twice counts two 429s. The method is the path
 * after the Web API's base URL; anything else the app fetches (a response
 * URL) counts as `response_url`.
 */
export function meteredFetch(meter: SlackMeter, apiUrl: string, inner: FetchFunction = globalThis.fetch): FetchFunction {
  const methodOf = (url: string | URL): string => {
    const href = typeof url === 'string' ? url : url.href;
    if (!href.startsWith(apiUrl)) return 'response_url';
    const method = href.slice(apiUrl.length).split(/[?#]/)[0] ?? '';
    return /^[A-Za-z0-9_.]{1,80}$/.test(method) ? method : 'unknown';
  };
  return async (url, init) => {
    const method = methodOf(url);
    meter.slackCall(method);
    let response: FetchResponse;
    try {
      response = await inner(url, init);
    } catch (error) {
      meter.slackError(method, 'network');
      throw error;
    }
    if (response.status === 429) {
      meter.slackRateLimit(method);
      return response;
    }
    if (response.status !== 200) {
      meter.slackError(method, `http_${response.status}`);
      return response;
    }
    // Slack answers its errors with 200 and `ok: false`: read the body the client reads anyway.
    return {
      ok: response.ok,
      status: response.status,
      statusText: response.statusText,
      url: response.url,
      headers: response.headers,
      arrayBuffer: () => response.arrayBuffer(),
      json: async () => {
        const data = await response.json();
        if ((data as { ok?: unknown } | null)?.ok === false) meter.slackError(method, errorLabel(data));
        return data;
      },
      text: async () => {
        const text = await response.text();
        // Parsed a second time only when it is an error: successes cost a regex test.
        if (NOT_OK.test(text)) {
          try {
            meter.slackError(method, errorLabel(JSON.parse(text)));
          } catch {
            meter.slackError(method, 'unknown');
          }
        }
        return text;
      },
    };
  };
}
