import { timingSafeEqual } from 'node:crypto';
import { ReplayGuard, Signer } from './signer';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

// RFC 4231 test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?").
const RFC4231_DIGEST = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
const frames = ['what do ', 'ya want ', 'for ', 'nothing?'].map((s) => Buffer.from(s));

describe('Signer', () => {
  const signer = new Signer('hmac-sha256', 'Jefe');

  it('signs the concatenation of the four frames as lowercase hex', () => {
    expect(signer.sign(frames)).toBe(RFC4231_DIGEST);
  });

  it('accepts the right signature and rejects a wrong, short, upper-case or empty one', () => {
    expect(signer.verify(Buffer.from(RFC4231_DIGEST), frames)).toBe(true);
    expect(signer.verify(Buffer.from(RFC4231_DIGEST.replace(/^5/, '6')), frames)).toBe(false);
    expect(signer.verify(Buffer.from(RFC4231_DIGEST.slice(2)), frames)).toBe(false);
    expect(signer.verify(Buffer.from(RFC4231_DIGEST.toUpperCase()), frames)).toBe(false);
    expect(signer.verify(Buffer.alloc(0), frames)).toBe(false);
  });

  it('rejects a signature when any signed frame changes', () => {
    const tampered = [...frames.slice(0, 3), Buffer.from('nothing!')];
    expect(signer.verify(Buffer.from(RFC4231_DIGEST), tampered)).toBe(false);
  });

  it('compares equal-length signatures with crypto.timingSafeEqual', () => {
    jest.mocked(timingSafeEqual).mockClear();
    expect(signer.verify(Buffer.from(RFC4231_DIGEST.replace(/^5/, '6')), frames)).toBe(false);
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
  });

  it('with an empty key sends empty signatures and checks none', () => {
    const off = new Signer('hmac-sha256', '');
    expect(off.enabled).toBe(false);
    expect(off.sign(frames)).toBe('');
    expect(off.verify(Buffer.from('anything'), frames)).toBe(true);
  });

  it('supports other hmac algorithms and refuses unknown schemes', () => {
    expect(new Signer('hmac-sha512', 'k').sign(frames)).toHaveLength(128);
    expect(() => new Signer('hmac-nope', 'k')).toThrow('unsupported signature_scheme "hmac-nope"');
    expect(() => new Signer('sha256', 'k')).toThrow('unsupported');
  });
});

describe('ReplayGuard', () => {
  it('refuses a signature it accepted recently, and forgets the oldest beyond capacity', () => {
    const guard = new ReplayGuard(2);
    expect(guard.accept('a')).toBe(true);
    expect(guard.accept('a')).toBe(false);
    expect(guard.accept('b')).toBe(true);
    expect(guard.accept('c')).toBe(true); // evicts 'a'
    expect(guard.accept('a')).toBe(true);
    expect(guard.accept('c')).toBe(false);
  });

  it('never treats empty (unsigned) signatures as replays', () => {
    const guard = new ReplayGuard(2);
    expect(guard.accept('')).toBe(true);
    expect(guard.accept('')).toBe(true);
  });
});
