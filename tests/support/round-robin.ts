import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The load balancer of compose.yaml (nginx in front of the bot replicas),
 * as a plain process can have it: one port on 127.0.0.1 that hands each
 * request to the next upstream in turn, passing the method, headers and
 * body through untouched (a Slack signature covers the raw body) and the
 * upstream's answer back. It counts what each upstream was given.
 */
export interface RoundRobin {
  url: string;
  /** Requests handed to each upstream, by its index, and by path. */
  served: Array<Map<string, number>>;
  close(): Promise<void>;
}

export async function startRoundRobin(upstreamPorts: number[]): Promise<RoundRobin> {
  const served = upstreamPorts.map(() => new Map<string, number>());
  let next = 0;
  const server = http.createServer((request, response) => {
    const index = next++ % upstreamPorts.length;
    const pathOnly = (request.url ?? '/').split('?')[0]!;
    served[index]!.set(pathOnly, (served[index]!.get(pathOnly) ?? 0) + 1);
    const upstream = http.request(
      { host: '127.0.0.1', port: upstreamPorts[index], method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    // An upstream that is down is the proxy's 502, as nginx answers.
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
