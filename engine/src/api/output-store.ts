/**
 * The catalog's record store: one MemoryStore channel per statement output. Re-running a
 * CREATE STREAM/TABLE (a notebook cell executed again) starts a fresh channel under the same
 * name instead of appending to the old one; readers already attached to the old channel keep
 * reading it, later readers get the new one.
 */
import { MemoryChannel, MemoryStore } from '../connectors/memory/memory';

export class OutputStore extends MemoryStore {
  private readonly replaced = new Map<string, MemoryChannel>();

  override channel(name: string): MemoryChannel {
    return this.replaced.get(name) ?? super.channel(name);
  }

  /** A new, empty channel for `name` that `channel(name)` returns from now on. */
  replace(name: string): MemoryChannel {
    super.channel(name); // keeps `name` in names()
    const channel = new MemoryChannel();
    this.replaced.set(name, channel);
    return channel;
  }
}
