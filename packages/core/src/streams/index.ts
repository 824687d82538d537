export type { StreamBackpressure } from './backpressure.js';
export { compareEntryIds, partitionOf } from './entry-ids.js';
export { createMemoryEventStream, type MemoryEventStreamOptions } from './memory-event-stream.js';
export { createRedisEventStream, type RedisEventStreamOptions } from './redis-event-stream.js';
export type { StageContext, StageStep, StreamStage } from './stage-types.js';
export {
  type RunStreamStageOptions,
  runStreamStage,
  type StreamStageRun,
  type StreamStageStats,
  stageStateKey,
} from './stream-stage.js';
export type {
  AppendedRecord,
  EventStream,
  StreamAppendOptions,
  StreamBatch,
  StreamEntry,
  StreamPartitionChange,
  StreamPartitionMetrics,
  StreamRecord,
  StreamRetention,
  StreamSubscribeOptions,
  StreamSubscription,
  StreamTrimOptions,
} from './types.js';
