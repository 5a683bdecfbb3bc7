/** Public API of the kernel package, for the executor layer and for embedding. */
export { runKernel, type KernelOptions } from './kernel';
export type {
  Executor,
  ExecutorFactory,
  ExecutorHost,
  ExecutionContext,
  ExecuteRequestInfo,
  ExecuteOutcome,
  OutputPublisher,
  MimeBundle,
  CompletionItem,
  CompletionResult,
  InspectionResult,
  UserExpressionResult,
  Completeness,
  CompletenessStatus,
  LanguageInfo,
} from './session/executor';
export {
  CommRegistry,
  type Comm,
  type CommListener,
  type CommMessage,
  type CommTargetHandler,
} from './session/comms';
export { createVelostreamExecutor, VelostreamExecutor } from './executor/executor';
export { MAGICS, MAGIC_VOCABULARY } from './magics/registry';
export { KernelSession, type SessionOptions } from './session/session';
export { History, type HistoryEntry, type HistoryQuery } from './session/history';
export { checkComplete, type MagicVocabulary } from './executor/language/is-complete';
export { kernelInfo, LANGUAGE_NAME, DIALECT_VERSION } from './executor/language/kernel-info';
export { codePointToUtf16, utf16ToCodePoint } from './protocol/cursor';
export type { Transport } from './protocol/sockets';
export type {
  IncomingMessage,
  OutgoingMessage,
  MessageHeader,
  JsonObject,
} from './protocol/messages';
export { KernelError } from './errors';
export { createLogger, silentLogger, type Logger } from './log';
