import { SendQueue } from './send-queue';

/** A fake socket send that records calls and fails if two sends overlap (zeromq v6 EBUSY). */
function slowSocket(delayMs = 2) {
  const sent: string[] = [];
  let inFlight = false;
  const send = async (frames: Buffer[]) => {
    if (inFlight) throw new Error('EBUSY: Socket is busy writing');
    inFlight = true;
    await new Promise((r) => setTimeout(r, delayMs));
    inFlight = false;
    const text = frames.map(String).join('|');
    if (text === 'fail') throw new Error('send failed');
    sent.push(text);
  };
  return { send, sent };
}

describe('SendQueue', () => {
  it('sends in enqueue order, one at a time', async () => {
    const socket = slowSocket();
    const errors: unknown[] = [];
    const queue = new SendQueue(socket.send, (e) => errors.push(e));
    await Promise.all(['a', 'b', 'c', 'd'].map((s) => queue.enqueue([Buffer.from(s)])));
    expect(socket.sent).toEqual(['a', 'b', 'c', 'd']);
    expect(errors).toEqual([]);
  });

  it('logs a failed send and carries on with the rest', async () => {
    const socket = slowSocket();
    const errors: string[] = [];
    const queue = new SendQueue(socket.send, (e) => errors.push((e as Error).message));
    await Promise.all(['a', 'fail', 'b'].map((s) => queue.enqueue([Buffer.from(s)])));
    expect(socket.sent).toEqual(['a', 'b']);
    expect(errors).toEqual(['send failed']);
  });

  it('replaces an unsent message with the same coalesce key in place, never the one being sent', async () => {
    const socket = slowSocket(5);
    const queue = new SendQueue(socket.send, () => {});
    const done = [
      queue.enqueue([Buffer.from('u1')], 'display:x'), // goes out at once
      queue.enqueue([Buffer.from('u2')], 'display:x'),
      queue.enqueue([Buffer.from('stream')]),
      queue.enqueue([Buffer.from('u3')], 'display:x'), // replaces u2
      queue.enqueue([Buffer.from('final')]),
    ];
    await Promise.all(done);
    expect(socket.sent).toEqual(['u1', 'u3', 'stream', 'final']);
  });

  it('counts the bytes it holds and makes room() wait until they drain below its capacity', async () => {
    let release: (() => void) | undefined;
    const stalled = () => new Promise<void>((resolve) => (release = resolve));
    const queue = new SendQueue(stalled, () => {}, 10);
    void queue.enqueue([Buffer.alloc(6)]);
    await queue.room(); // 6 bytes: room
    void queue.enqueue([Buffer.alloc(6)], 'k');
    void queue.enqueue([Buffer.alloc(4)], 'k'); // replaces the unsent 6 bytes
    expect(queue.bytes).toBe(10);
    void queue.enqueue([Buffer.alloc(3)]);
    let roomy = false;
    const room = queue.room().then(() => (roomy = true));
    await new Promise((r) => setImmediate(r));
    expect(roomy).toBe(false);
    release!(); // the first message leaves: 7 bytes remain
    await room;
    expect(queue.bytes).toBe(7);
  });

  it('flush waits until everything queued is sent', async () => {
    const socket = slowSocket();
    const queue = new SendQueue(socket.send, () => {});
    void queue.enqueue([Buffer.from('a')]);
    void queue.enqueue([Buffer.from('b')]);
    await queue.flush();
    expect(socket.sent).toEqual(['a', 'b']);
    expect(queue.length).toBe(0);
  });
});
