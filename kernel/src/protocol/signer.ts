/**
 * HMAC message signing (spec §1.3). The signature covers exactly the four frames header,
 * parent_header, metadata and content as they travel on the wire, never identities or buffers.
 */
import { createHmac, getHashes, timingSafeEqual } from 'node:crypto';
import { KernelError } from '../errors';

export class Signer {
  private readonly algorithm: string;

  constructor(
    scheme: string,
    private readonly key: string,
  ) {
    const match = /^hmac-(.+)$/.exec(scheme);
    if (!match || !getHashes().includes(match[1])) {
      throw new KernelError('VK002', `unsupported signature_scheme "${scheme}"`);
    }
    this.algorithm = match[1];
  }

  /** An empty key switches signing off: empty signatures are sent and none are checked. */
  get enabled(): boolean {
    return this.key.length > 0;
  }

  /** Lowercase hex HMAC of the four signed frames; '' when signing is off. */
  sign(signedFrames: readonly Buffer[]): string {
    if (!this.enabled) return '';
    const hmac = createHmac(this.algorithm, this.key);
    for (const frame of signedFrames) hmac.update(frame);
    return hmac.digest('hex');
  }

  /** Constant-time comparison of a received signature frame with the expected one. */
  verify(signature: Buffer, signedFrames: readonly Buffer[]): boolean {
    if (!this.enabled) return true;
    const expected = Buffer.from(this.sign(signedFrames), 'ascii');
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }
}

/**
 * The last `capacity` accepted signatures; a repeat is a replayed message and is dropped
 * (jupyter_client does the same on its side: "Duplicate Signature").
 */
export class ReplayGuard {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  private next = 0;

  constructor(private readonly capacity = 4096) {}

  /** Records the signature; false if it was already among the recent ones. */
  accept(signature: string): boolean {
    if (signature === '') return true;
    if (this.seen.has(signature)) return false;
    if (this.order.length < this.capacity) {
      this.order.push(signature);
    } else {
      this.seen.delete(this.order[this.next]);
      this.order[this.next] = signature;
      this.next = (this.next + 1) % this.capacity;
    }
    this.seen.add(signature);
    return true;
  }
}
