/**
 * The runner's JSON API over HTTP (deploy spec §1 "API"): every route but `GET /health` needs
 * `Authorization: Bearer <token>` (compared in constant time; anything else → 401 and nothing
 * more); `/metrics` is Prometheus text, public only with `metricsPublic`.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { RunnerError, type Runner } from './runner';
import type { Manifest } from './state';

export interface ServerOptions {
  runner: Runner;
  token: string;
  host: string;
  port: number;
  metricsPublic?: boolean;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 << 20;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    handle(options, req, res).catch((e: unknown) => {
      if (e instanceof RunnerError) return send(res, e.status, { error: e.message, ...(e.diagnostics.length ? { diagnostics: e.diagnostics } : {}) });
      if (e instanceof HttpError) return send(res, e.status, { error: e.message });
      send(res, 500, { error: e instanceof Error ? e.message : String(e) });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

async function handle(options: ServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://runner');
  const route = `${req.method} ${url.pathname}`;
  const { runner } = options;
  if (route === 'GET /health') return send(res, 200, { status: 'ok', worker: runner.worker });
  const publicMetrics = route === 'GET /metrics' && options.metricsPublic;
  if (!publicMetrics && !authorized(req.headers.authorization, options.token)) {
    res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
    return;
  }
  if (route === 'GET /metrics') {
    const text = await runner.metrics.text();
    res.writeHead(200, { 'Content-Type': runner.metrics.contentType }).end(text);
    return;
  }
  if (route === 'GET /apps') return send(res, 200, { apps: runner.apps() });
  if (route === 'POST /apps') return send(res, 201, await runner.deploy((await body(req)) as Manifest));
  if (route === 'GET /jobs') return send(res, 200, { jobs: runner.jobs() });
  const app = /^\/apps\/([^/]+)(\/rollback)?$/.exec(url.pathname);
  if (app) {
    const name = decodeURIComponent(app[1]);
    if (req.method === 'GET' && !app[2]) {
      const view = runner.app(name);
      return view ? send(res, 200, view) : send(res, 404, { error: `no app named ${name}` });
    }
    if (req.method === 'POST' && app[2]) return send(res, 200, await runner.rollback(name));
    if (req.method === 'DELETE' && !app[2]) {
      await runner.deleteApp(name);
      return send(res, 200, { deleted: name });
    }
  }
  const job = /^\/jobs\/([^/]+)\/(stop|start|restart|output)$/.exec(url.pathname);
  if (job) {
    const name = decodeURIComponent(job[1]);
    if (req.method === 'GET' && job[2] === 'output') {
      const limit = Math.max(1, Math.min(1000, Number(url.searchParams.get('limit') ?? 20) || 20));
      return send(res, 200, { job: name, rows: runner.output(name, limit) });
    }
    if (req.method === 'POST' && job[2] === 'stop') await runner.stopJob(name);
    else if (req.method === 'POST' && job[2] === 'start') await runner.startJob(name);
    else if (req.method === 'POST' && job[2] === 'restart') await runner.restartJob(name);
    else throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`);
    return send(res, 200, { job: name, done: job[2] });
  }
  throw new HttpError(404, `no route ${route}`);
}

/** Constant-time: both sides hashed to equal length first, so the token's length leaks nothing either. */
function authorized(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

function send(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

async function body(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
}
