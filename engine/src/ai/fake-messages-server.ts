/**
 * A local HTTP server speaking the Anthropic Messages API, for tests that drive the real SDK
 * (`ANTHROPIC_BASE_URL` points at it). It answers each request with the next scripted reply —
 * text as a JSON message or, when the request asks to stream, as server-sent events split into
 * several deltas — or an API error status. Every request is recorded.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

/** The key the tests give the SDK; they check it is sent and never shown. */
export const FAKE_API_KEY = 'sk-secret-test-key';

/** The environment that points the real SDK at a fake server, with a fixed model name. */
export function fakeServerEnv(url: string): Record<string, string> {
  return { ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: url, VELOSTREAM_AI_MODEL: 'claude-test' };
}

export interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model: string; max_tokens: number; system?: string; stream?: boolean; messages: { role: string; content: string }[] };
}

/** `delayMs`: pause before each streamed delta (tests of cancellation and timeouts). */
export type ScriptedReply = { text: string; delayMs?: number } | { status: number; type: string; message: string };

export interface FakeMessagesServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function fakeMessagesServer(replies: ScriptedReply[] | ((request: SeenRequest) => ScriptedReply)): Promise<FakeMessagesServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const request: SeenRequest = { path: req.url ?? '', headers: req.headers, body: JSON.parse(text) };
      seen.push(request);
      const reply = typeof replies === 'function' ? replies(request) : (replies[seen.length - 1] ?? replies[replies.length - 1]);
      if ('status' in reply) {
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ type: 'error', error: { type: reply.type, message: reply.message } }));
      }
      if (request.body.stream) return void streamText(res, request.body.model, reply.text, reply.delayMs ?? 0);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...messageShell(request.body.model), content: [{ type: 'text', text: reply.text }], stop_reason: 'end_turn' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => (server.close(() => resolve()), server.closeAllConnections())) };
}

function messageShell(model: string) {
  return { id: 'msg_test', type: 'message', role: 'assistant', model, content: [] as unknown[], stop_reason: null as string | null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 20 } };
}

/** The reply as SSE: message_start, a text block in three deltas, message_delta, message_stop. */
async function streamText(res: http.ServerResponse, model: string, text: string, delayMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', { type: 'message_start', message: messageShell(model) });
  send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  const third = Math.ceil(text.length / 3);
  for (let i = 0; i < text.length; i += third) {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (res.destroyed) return;
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: text.slice(i, i + third) } });
  }
  send('content_block_stop', { type: 'content_block_stop', index: 0 });
  send('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 20 } });
  send('message_stop', { type: 'message_stop' });
  res.end();
}
