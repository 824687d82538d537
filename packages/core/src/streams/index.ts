export type { StageContext, StageStep, StreamStage } from './stage-types.js';
export type {
  AppendedRecord,
  EventStream,
  StreamAppendOptions,
  StreamBatch,
  StreamEntry,
  StreamPartitionMetrics,
  StreamRecord,
  StreamSubscribeOptions,
  StreamSubscription,
  StreamTrimOptions,
} from './types.js';
