/**
 * The boundary between the Jupyter session layer and whatever runs cells. The session owns the
 * protocol (busy/idle, execute_input, the execution counter, the single `error` message, replies,
 * history, stop_on_error); an Executor only turns code into outputs and an outcome.
 *
 * All positions crossing this boundary are UTF-16 indices into the JavaScript string; the session
 * converts from and to the protocol's code points.
 */
import type { Logger } from '../log';
import type { JsonObject, MessageHeader } from '../protocol/messages';
import type { CommRegistry } from './comms';

/** MIME type → value; every bundle SHOULD contain `text/plain`. */
export type MimeBundle = Record<string, unknown>;

/** Publishes outputs on IOPub with the execute request as parent. Silent requests get a no-op publisher. */
export interface OutputPublisher {
  /** The execute request's header, the parent of every message sent through this publisher. */
  readonly parent: MessageHeader;
  stream(name: 'stdout' | 'stderr', text: string): Promise<void>;
  displayData(
    data: MimeBundle,
    options?: { metadata?: JsonObject; displayId?: string },
  ): Promise<void>;
  /**
   * Replaces the display with this id. `coalesce: true` lets a newer update replace this one while it
   * is still unsent; never set it on a final snapshot.
   */
  updateDisplayData(
    data: MimeBundle,
    options: { displayId: string; metadata?: JsonObject; coalesce?: boolean },
  ): Promise<void>;
  /** A static result; carries the context's execution count. */
  executeResult(data: MimeBundle, metadata?: JsonObject): Promise<void>;
  clearOutput(wait?: boolean): Promise<void>;
}

export interface ExecuteRequestInfo {
  code: string;
  silent: boolean;
  storeHistory: boolean;
  allowStdin: boolean;
  stopOnError: boolean;
  /** JupyterLab's `cellId` request metadata; undefined for nbclient and jupyter_console. */
  cellId?: string;
  /** JupyterLab's `deletedCells` request metadata: cells whose jobs should stop. */
  deletedCells: string[];
  /** The raw request metadata. */
  metadata: JsonObject;
}

export interface ExecutionContext {
  readonly request: ExecuteRequestInfo;
  /** The count shown for this cell (already incremented when the request stores history). */
  readonly executionCount: number;
  /** Aborted by interrupt_request or SIGINT; foreground work must stop promptly and return a KeyboardInterrupt error. */
  readonly signal: AbortSignal;
  /** Stays usable after the cell finished, so background jobs can keep updating their displays. */
  readonly output: OutputPublisher;
  /**
   * Asks the frontend for a line of input (stdin `input_request`). Rejects with a KernelError
   * `VK010` when the request has `allow_stdin: false`, and `VK011` when interrupted.
   */
  input(prompt: string, options?: { password?: boolean }): Promise<string>;
}

export type ExecuteOutcome =
  | { status: 'ok'; payload?: JsonObject[] }
  | { status: 'error'; ename: string; evalue: string; traceback: string[] };

export interface CompletionItem {
  start: number;
  end: number;
  text: string;
  type: string;
  signature?: string;
}

export interface CompletionResult {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
  /** Same order and length as `matches` when given. */
  items?: CompletionItem[];
}

export interface InspectionResult {
  found: boolean;
  /** `text/plain` and `text/markdown` when found, else `{}`. */
  data: MimeBundle;
  metadata?: JsonObject;
}

export type UserExpressionResult =
  | { status: 'ok'; data: MimeBundle; metadata: JsonObject }
  | { status: 'error'; ename: string; evalue: string; traceback: string[] };

export type CompletenessStatus = 'complete' | 'incomplete' | 'invalid' | 'unknown';

/** is_complete_reply content (spec §5.3). */
export interface Completeness {
  status: CompletenessStatus;
  /** Only when incomplete: the indentation a console should put on the next line. */
  indent?: string;
}

/** The language-specific part of kernel_info_reply (spec §1.7); the session adds status and protocol version. */
export interface LanguageInfo {
  implementation: string;
  implementation_version: string;
  language_info: JsonObject;
  banner: string;
  help_links: JsonObject[];
}

/**
 * Everything language-specific the session answers goes through this interface, so the session
 * and protocol layers know nothing about SQL.
 */
export interface Executor {
  /** Static, cheap, answered before any cell ran. */
  kernelInfo(): LanguageInfo;
  /** A cheap lexical check: should Enter run the cell or continue it? */
  isComplete(code: string): Completeness;
  /**
   * Runs one cell. Outputs go through `ctx.output`; the outcome becomes the reply, and an error
   * outcome also becomes the cell's single IOPub `error` (published by the session). Throwing is a
   * bug: the session reports it as InternalError.
   */
  execute(code: string, ctx: ExecutionContext): Promise<ExecuteOutcome>;
  complete(code: string, cursor: number): Promise<CompletionResult>;
  inspect(code: string, cursor: number, detailLevel: number): Promise<InspectionResult>;
  /** Evaluated after a successful execute; `{}` in, `{}` out. */
  evaluateUserExpressions(
    expressions: Record<string, string>,
  ): Promise<Record<string, UserExpressionResult>>;
  /** How many separate results one cell shows (the rest are counted in one line); unlimited when absent. */
  resultLimit?(): number;
  /** Cancel foreground work not tied to an ExecutionContext; the running cell's `signal` is already aborted. */
  interrupt(): void;
  /** Stop all jobs (best effort, the session waits at most 2 s). */
  shutdown(): Promise<void>;
}

/** Kernel services an executor may use; given to its factory once at startup. */
export interface ExecutorHost {
  /** The kernel process's session UUID (header `session`). */
  readonly sessionId: string;
  readonly comms: CommRegistry;
  readonly log: Logger;
}

export type ExecutorFactory = (host: ExecutorHost) => Executor;
