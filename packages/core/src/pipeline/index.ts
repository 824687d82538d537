export { AcknowledgementTracker } from './acknowledgement-tracker.js';
export type {
  Sink,
  SinkContext,
  SinkWriteResult,
  Source,
  SourceBatch,
  SourceReadOptions,
  Transform,
  TransformContext,
  TransformResult,
} from './contracts.js';
export {
  type DeadLetter,
  type DeadLetterSink,
  logDeadLetterSink,
  type MemoryDeadLetterSink,
  memoryDeadLetterSink,
} from './dead-letter.js';
export { type DrainSignal, drainOnSignals } from './drain-on-signals.js';
export type { Envelope } from './envelope.js';
export { logSink } from './log-sink.js';
export { isRejection, type Rejection, type RejectionReason, reject } from './rejection.js';
export { type PipelineOptions, type PipelineSummary, runPipeline } from './run-pipeline.js';
