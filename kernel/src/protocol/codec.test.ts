import { DELIMITER, decode, encode, iopubTopic } from './codec';
import { HeaderFactory, type MessageHeader } from './messages';
import { ReplayGuard, Signer } from './signer';

const signer = new Signer('hmac-sha256', 'secret');
const headers = new HeaderFactory('11111111-2222-3333-4444-555555555555', 'tester');
const parent: MessageHeader = {
  msg_id: 'req-1',
  session: 'client',
  username: 'u',
  date: '2026-01-01T00:00:00.000Z',
  msg_type: 'execute_request',
  version: '5.3',
};

describe('codec', () => {
  it('round-trips identities, header, parent, metadata, content and buffers', () => {
    const identities = [Buffer.from([0, 1, 2]), Buffer.from('second-id')];
    const frames = encode(
      {
        msgType: 'execute_reply',
        parent,
        content: { status: 'ok', n: 'é𝔸' },
        metadata: { m: 1 },
        identities,
      },
      headers,
      signer,
    );
    const buffers = [Buffer.from([9, 9]), Buffer.alloc(0)];
    const result = decode([...frames, ...buffers], 'shell', signer);
    if (!result.ok) throw new Error(result.detail);
    const { message } = result;
    expect(message.identities).toEqual(identities);
    expect(message.header).toMatchObject({
      msg_type: 'execute_reply',
      session: headers.session,
      username: 'tester',
      version: '5.3',
    });
    expect(message.parentHeader).toEqual(parent);
    expect(message.metadata).toEqual({ m: 1 });
    expect(message.content).toEqual({ status: 'ok', n: 'é𝔸' });
    expect(message.buffers).toEqual(buffers);
  });

  it('signs exactly the four JSON frames (not identities, not buffers)', () => {
    const frames = encode(
      { msgType: 'status', parent: {}, content: {}, identities: [Buffer.from('id')] },
      headers,
      signer,
    );
    expect(frames[1]).toEqual(DELIMITER);
    expect(frames[2].toString()).toBe(signer.sign(frames.slice(3, 7)));
    expect(frames).toHaveLength(7);
  });

  it('gives every message a fresh msg_id and an ISO date', () => {
    const a = decode(
      encode({ msgType: 'status', parent: {}, content: {} }, headers, signer),
      'iopub',
      signer,
    );
    const b = decode(
      encode({ msgType: 'status', parent: {}, content: {} }, headers, signer),
      'iopub',
      signer,
    );
    if (!a.ok || !b.ok) throw new Error('decode failed');
    expect(a.message.header.msg_id).not.toBe(b.message.header.msg_id);
    expect(a.message.header.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('verifies against the bytes as received, so re-spaced JSON fails', () => {
    const frames = encode(
      { msgType: 'kernel_info_request', parent: {}, content: {} },
      headers,
      signer,
    );
    const respaced = Buffer.from(JSON.stringify(JSON.parse(frames[2].toString()), null, 1));
    const tampered = [frames[0], frames[1], respaced, ...frames.slice(3)];
    expect(decode(tampered, 'shell', signer)).toEqual({
      ok: false,
      problem: 'bad-signature',
      detail: 'invalid signature on kernel_info_request',
    });
  });

  it('drops frames without delimiter or with fewer than five frames after it', () => {
    expect(decode([Buffer.from('id'), Buffer.from('x')], 'shell', signer)).toMatchObject({
      ok: false,
      problem: 'malformed',
    });
    expect(decode([DELIMITER, Buffer.from(''), Buffer.from('{}')], 'shell', signer)).toMatchObject({
      ok: false,
      problem: 'malformed',
    });
  });

  it('drops a replayed message', () => {
    const replays = new ReplayGuard();
    const frames = encode(
      { msgType: 'kernel_info_request', parent: {}, content: {} },
      headers,
      signer,
    );
    expect(decode(frames, 'shell', signer, replays).ok).toBe(true);
    expect(decode(frames, 'shell', signer, replays)).toMatchObject({
      ok: false,
      problem: 'replayed',
    });
  });

  it('drops correctly signed frames that are not JSON objects', () => {
    const signed = ['{"msg_id":"1","msg_type":"x"}', '{}', '[]', '{}'].map((s) => Buffer.from(s));
    const frames = [DELIMITER, Buffer.from(signer.sign(signed)), ...signed];
    expect(decode(frames, 'shell', signer)).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('builds the IOPub topic from session and message type', () => {
    expect(iopubTopic('abc', 'stream').toString()).toBe('kernel.abc.stream');
  });
});
