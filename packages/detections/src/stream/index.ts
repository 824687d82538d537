export {
  createDetectionStage,
  type DetectionStage,
  type DetectionStageOptions,
  type DetectionState,
} from './detection-stage.js';
export {
  detectionPartitionKey,
  HOST_PATHS,
  type PartitionBy,
  type PartitionChoice,
  type PartitionKeyOptions,
  partitionByForCorrelations,
  SOURCE_IP_PATHS,
  USER_PATHS,
} from './partition-key.js';
