/**
 * The connection file written by the Jupyter client (jupyter_client `connect.py`) and the socket
 * addresses derived from it.
 */
import { readFile } from 'node:fs/promises';
import { KernelError } from '../errors';

export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  signature_scheme: string;
  key: string;
  kernel_name?: string;
}

export type SocketName = 'shell' | 'iopub' | 'stdin' | 'control' | 'hb';

const PORT_KEYS: Record<SocketName, keyof ConnectionInfo> = {
  shell: 'shell_port',
  iopub: 'iopub_port',
  stdin: 'stdin_port',
  control: 'control_port',
  hb: 'hb_port',
};

/** Validates parsed JSON as a connection file; unknown keys are ignored. */
export function parseConnectionInfo(json: unknown): ConnectionInfo {
  if (typeof json !== 'object' || json === null)
    throw new KernelError('VK001', 'connection file is not a JSON object');
  const raw = json as Record<string, unknown>;
  const str = (k: string, fallback?: string): string => {
    const v = raw[k] ?? fallback;
    if (typeof v !== 'string')
      throw new KernelError('VK001', `connection file: "${k}" must be a string`);
    return v;
  };
  const port = (k: string): number => {
    const v = raw[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) {
      throw new KernelError('VK001', `connection file: "${k}" must be a port number`);
    }
    return v;
  };
  return {
    transport: str('transport', 'tcp'),
    ip: str('ip', '127.0.0.1'),
    shell_port: port('shell_port'),
    iopub_port: port('iopub_port'),
    stdin_port: port('stdin_port'),
    control_port: port('control_port'),
    hb_port: port('hb_port'),
    signature_scheme: str('signature_scheme', 'hmac-sha256'),
    key: str('key', ''),
    kernel_name: typeof raw.kernel_name === 'string' ? raw.kernel_name : undefined,
  };
}

export async function readConnectionFile(path: string): Promise<ConnectionInfo> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new KernelError('VK001', `cannot read connection file ${path}: ${(e as Error).message}`);
  }
  try {
    return parseConnectionInfo(JSON.parse(text));
  } catch (e) {
    if (e instanceof KernelError) throw e;
    throw new KernelError('VK001', `connection file ${path} is not valid JSON`);
  }
}

/** tcp → `tcp://ip:port`; other transports (ipc) → `transport://ip-port`, as jupyter_client does. */
export function socketAddress(info: ConnectionInfo, socket: SocketName): string {
  const port = info[PORT_KEYS[socket]] as number;
  return info.transport === 'tcp'
    ? `tcp://${info.ip}:${port}`
    : `${info.transport}://${info.ip}-${port}`;
}
