export {
  FILE_TAIL_STATE_VERSION,
  type FileCheckpoint,
  type FileTailState,
  parseFileTailState,
  type RetiredFile,
} from './file-checkpoint.js';
export { createFileTail, type FileTail } from './file-tail.js';
export type {
  FileDeadLetter,
  FileDeadLetterRecord,
  FileLine,
  FileTailBatch,
} from './file-tail-batch.js';
export {
  FileCorruptError,
  FileLineTooLongError,
  type FileLocation,
  type FileTailError,
  FileUnreadableError,
} from './file-tail-errors.js';
export type { FileTailOptions } from './file-tail-options.js';
export { type LineSink, LineSplitter } from './line-splitter.js';
export { type FollowOptions, type TailFilesOptions, tailFiles } from './tail-files.js';
